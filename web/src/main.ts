/**
 * The web app's entry: builds the shared context (language, numbers, API client, navigation), the header with its
 * navigation and language toggle, and a hash router that mounts one page at a time in #app. The access token the
 * page may have been opened with (?token=, which makes the server set its cookie) is taken off the address bar.
 */
import { ApiError, type Locale, type WebContext } from "./context.js";
import { createApi } from "./api.js";
import { createI18n, languageTag } from "./i18n.js";
import { h } from "./pages/dom.js";
import { mountData } from "./pages/data.js";
import { mountHome } from "./pages/home.js";
import { mountMethods } from "./pages/methods.js";
import { mountRun } from "./pages/run.js";
import { shellStrings } from "./pages/strings/shell.js";
import { mountSystem } from "./pages/system.js";
import { mountUnitDetail } from "./results/index.js";
import "./style.css";

const LOCALE_KEY = "nqpf.locale";

function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(LOCALE_KEY);
    if (stored === "en" || stored === "zh") return stored;
  } catch {
    // no storage: fall through
  }
  return navigator.language.toLowerCase().startsWith("zh") ? "zh" : "en";
}

/** Removes ?token= from the address bar (the server has set its cookie by now). */
function hideToken(): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has("token")) return;
  url.searchParams.delete("token");
  history.replaceState(history.state, "", `${url.pathname}${url.search}${url.hash}`);
}

function createContext(): WebContext & { setLocale(locale: Locale): void } {
  const i18n = createI18n(initialLocale());
  const api = createApi();
  return {
    locale: () => i18n.locale(),
    setLocale: (locale) => {
      i18n.setLocale(locale);
    },
    t: (key, values) => i18n.t(key, values),
    fmt: (value, digits) => i18n.fmt(value, digits),
    registerStrings: (strings) => {
      i18n.registerStrings(strings);
    },
    onLocaleChange: (listener) => i18n.onLocaleChange(listener),
    getJson: (path) => api.getJson(path),
    postJson: (path, body) => api.postJson(path, body),
    navigate: (hash) => {
      if (window.location.hash === hash) window.dispatchEvent(new HashChangeEvent("hashchange"));
      else window.location.hash = hash;
    },
  };
}

type Mount = (el: HTMLElement, ctx: WebContext) => () => void;

/** The page of a hash route. */
function route(hash: string): { name: string; mount: Mount } {
  const path = hash.replace(/^#/, "").replace(/^\/?/, "/");
  const unit = /^\/runs\/([^/]+)\/unit\/(.+)$/.exec(path);
  if (unit !== null) {
    const runId = decodeURIComponent(unit[1]!);
    const entity = decodeURIComponent(unit[2]!);
    return { name: "runs", mount: (el, ctx) => mountUnitDetail(el, runId, entity, ctx) };
  }
  const run = /^\/runs\/([^/]+)\/?$/.exec(path);
  if (run !== null) {
    const runId = decodeURIComponent(run[1]!);
    return { name: "runs", mount: (el, ctx) => mountRun(el, runId, ctx) };
  }
  if (path.startsWith("/data")) return { name: "data", mount: mountData };
  if (path.startsWith("/system")) return { name: "system", mount: mountSystem };
  if (path.startsWith("/methods")) return { name: "methods", mount: mountMethods };
  return { name: "home", mount: mountHome };
}

function start(): void {
  hideToken();
  const ctx = createContext();
  ctx.registerStrings(shellStrings);
  const app = document.getElementById("app") ?? document.body.appendChild(h("div", { id: "app" }));

  const navItems = [
    { name: "home", hash: "#/", key: "nav.home" },
    { name: "data", hash: "#/data", key: "nav.data" },
    { name: "system", hash: "#/system", key: "nav.system" },
    { name: "methods", hash: "#/methods", key: "nav.methods" },
  ] as const;
  const links = navItems.map((item) =>
    h("a", { href: item.hash, "data-testid": `nav-${item.name}`, "data-page": item.name }),
  );
  const toggle = h("button", { type: "button", "data-testid": "lang-toggle", class: "lang-toggle" });
  toggle.addEventListener("click", () => {
    const next: Locale = ctx.locale() === "en" ? "zh" : "en";
    try {
      localStorage.setItem(LOCALE_KEY, next);
    } catch {
      // the choice then lasts as long as the page
    }
    ctx.setLocale(next);
  });
  const brand = h("a", { href: "#/", class: "brand" });
  const header = h(
    "header",
    { class: "app-header" },
    brand,
    h("nav", { "aria-label": "main" }, ...links),
    toggle,
  );
  const main = h("main", { class: "page" });
  app.replaceChildren(header, main);

  let current = "";
  const label = (): void => {
    const locale = ctx.locale();
    document.documentElement.lang = languageTag(locale);
    document.title = ctx.t("app.title");
    brand.textContent = ctx.t("app.brand");
    links.forEach((link, i) => {
      link.textContent = ctx.t(navItems[i]!.key);
      if (link.dataset["page"] === current) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    });
    toggle.textContent = ctx.t("lang.other");
    toggle.setAttribute("aria-label", ctx.t("lang.switch"));
  };

  let cleanup: (() => void) | undefined;
  const show = (): void => {
    cleanup?.();
    cleanup = undefined;
    const page = route(window.location.hash);
    current = page.name;
    label();
    const el = h("div", { class: `page-${page.name}` });
    main.replaceChildren(el);
    try {
      cleanup = page.mount(el, ctx);
    } catch (error) {
      el.replaceChildren(
        h(
          "p",
          { class: "error", role: "alert" },
          error instanceof ApiError || error instanceof Error ? error.message : String(error),
        ),
      );
    }
    window.scrollTo(0, 0);
  };
  ctx.onLocaleChange(label);
  window.addEventListener("hashchange", show);
  show();
}

start();
