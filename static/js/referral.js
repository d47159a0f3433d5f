/* Referral sheet: add offers without leaving the page, and a print button. Without JavaScript the forms post and
   redirect back, and the browser's own print menu uses print.css. */
(function () {
  "use strict";

  function updateCount(count) {
    document.querySelectorAll("[data-referral-count]").forEach(function (el) { el.textContent = String(count); });
  }

  function markAdded(form) {
    var button = form.querySelector("button");
    if (!button) { return; }
    button.classList.add("is-added");
    button.setAttribute("aria-pressed", "true");
    button.textContent = form.getAttribute("data-added-label") || button.textContent;
  }

  function addOffer(form) {
    var token = form.querySelector("input[name=csrf_token]");
    return fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: {"Accept": "application/json", "X-CSRFToken": token ? token.value : ""}
    }).then(function (response) {
      if (!response.ok) { throw new Error("referral add failed: " + response.status); }
      return response.json();
    }).then(function (data) {
      updateCount(data.count);
      markAdded(form);
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest ? event.target.closest("form[data-referral-add]") : null;
    if (!form || !window.fetch) { return; }
    event.preventDefault();
    addOffer(form).catch(function () { form.submit(); });
  });

  document.querySelectorAll("[data-referral-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
