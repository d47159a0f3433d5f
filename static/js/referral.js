/* Referral sheet: add offers without leaving the page, and a print button. Without JavaScript the forms post and
   redirect back, and the browser's own print menu uses print.css. */
(function () {
  "use strict";

  function updateCount(count) {
    document.querySelectorAll("[data-referral-count]").forEach(function (el) { el.textContent = String(count); });
  }

  function markAdded(button) {
    button.classList.add("is-added");
    button.setAttribute("aria-pressed", "true");
    // One label for every button of the page, in the page's language.
    button.textContent = document.body.getAttribute("data-referral-added-label") || button.textContent;
  }

  function addOffer(form, button) {
    var token = form.querySelector("input[name=csrf_token]");
    var data = new FormData(form);
    data.set("offer_id", button.value);
    return fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: {"Accept": "application/json", "X-CSRFToken": token ? token.value : ""}
    }).then(function (response) {
      if (!response.ok) { throw new Error("referral add failed: " + response.status); }
      return response.json();
    }).then(function (data) {
      updateCount(data.count);
      markAdded(button);
    });
  }

  // Without fetch the browser posts the form itself; after a failed fetch, post it the plain way too.
  function postPlainly(form, button) {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "offer_id";
    input.value = button.value;
    form.appendChild(input);
    form.submit();
  }

  // Every "Zum Empfehlungsblatt" button submits the page's one form (form="referral-add") with its offer number.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest ? event.target.closest("form[data-referral-add]") : null;
    var button = event.submitter;
    if (!form || !button || !button.value || !window.fetch) { return; }
    event.preventDefault();
    addOffer(form, button).catch(function () { postPlainly(form, button); });
  });

  document.querySelectorAll("[data-referral-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
