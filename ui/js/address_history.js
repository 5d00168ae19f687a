// One browser-history entry per deliberate change of a page's view, and none while the descent map moves.
//
// Streamlit 1.67 changes the address two ways: a widget bound to it (bind="query-params") replaces the current
// history entry, and a write of st.query_params from Python pushes a new entry (replaces it while the page answers
// Back or Forward). So after a slider or a setting, Back skipped the view before it. Here, when the address
// changes after a person's press, click or key, and the history did not grow, the entry gets its old address back
// and the new address is pushed: Back then restores the view before the change, and Streamlit's own Back handling
// (a rerun in which bound widgets take the restored address) shows it. The parameters in `replaceOnly` (the step
// the map shows, rewritten while it plays) never make an entry of their own.

/** Whether two addresses' queries differ in anything but the parameters in `replaceOnly` (order aside). */
export function differs(before, after, replaceOnly) {
  const rest = (search) => {
    const params = new URLSearchParams(search);
    for (const key of replaceOnly) params.delete(key);
    params.sort();
    return params.toString();
  };
  return rest(before) !== rest(after);
}

const keeper = { committed: null, touched: false, replaceOnly: [] };

function settle() {
  const { committed } = keeper;
  const search = window.location.search;
  if (committed && search === committed.search) return;
  if (committed && keeper.touched && window.history.length === committed.length &&
      differs(committed.search, search, keeper.replaceOnly)) {
    const now = window.location.href;
    const before = new URL(now);
    before.search = committed.search;
    window.history.replaceState(window.history.state, "", before);
    window.history.pushState(window.history.state, "", now);
  }
  if (committed && differs(committed.search, search, keeper.replaceOnly)) keeper.touched = false;
  keeper.committed = { search, length: window.history.length };
}

/** Back or Forward: the address is that entry's own, and what the page writes while it answers replaces it. */
function arrived() {
  keeper.touched = false;
  keeper.committed = { search: window.location.search, length: window.history.length };
}

function install() {
  const touch = () => (keeper.touched = true);
  for (const type of ["pointerdown", "keydown", "change"]) window.addEventListener(type, touch, true);
  window.addEventListener("popstate", arrived);
  // The Navigation API reports every change of the address as it happens; where a browser lacks it, look often.
  if (window.navigation) {
    window.navigation.addEventListener("currententrychange", (event) =>
      event.navigationType === "traverse" ? arrived() : settle());
  } else setInterval(settle, 200);
  settle();
}

export default function addressHistory({ data }) {
  keeper.replaceOnly = data.replaceOnly;
  if (!window.__addressHistory) {
    window.__addressHistory = keeper; // read by the browser tests
    install();
  }
  settle();
}
