/* Notices the reader may dismiss (demo data, approximate boundaries): hidden for the rest of the browser session
   (sessionStorage, per kind), so a phone shows the map and the first results sooner. Without JavaScript they stay. */
(function () {
  const KEY = "mapfinder-dismissed:";

  function store() {
    try {
      return window.sessionStorage;
    } catch (error) {
      return null;
    }
  }

  function remembered(storage, kind) {
    try {
      return Boolean(storage) && storage.getItem(KEY + kind) === "yes";
    } catch (error) {
      return false;
    }
  }

  function remember(storage, kind) {
    try {
      storage.setItem(KEY + kind, "yes");
    } catch (error) {
      /* no storage: dismissed on this page only */
    }
  }

  document.querySelectorAll("[data-dismissible]").forEach((notice) => {
    const kind = notice.dataset.dismissible;
    const storage = store();
    if (remembered(storage, kind)) {
      notice.hidden = true;
      return;
    }
    const button = notice.querySelector(".notice-dismiss");
    if (!button) {
      return;
    }
    button.addEventListener("click", () => {
      notice.hidden = true;
      remember(storage, kind);
    });
  });
})();
