// Streamlit sends a component's inline script with every run that draws it; this loader is all it sends, and the
// browser imports (and caches) the explorer's module from the files Streamlit serves.

const MODULE_URL = "__MODULE_URL__"; // filled in by ui/explorer_files.py

let loaded = null;
export default function load(args) {
  loaded ||= import(new URL(MODULE_URL, document.baseURI).href).catch((error) => {
    loaded = null; // a later run tries again
    throw error;
  });
  let cleanup = null;
  let cancelled = false;
  loaded
    .then((module) => {
      if (!cancelled) cleanup = module.default(args);
    })
    .catch((error) => {
      args.parentElement.textContent = `The explorer could not be drawn (${error.message}).`;
    });
  return () => {
    cancelled = true;
    cleanup?.();
  };
}
