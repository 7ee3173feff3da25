/**
 * Methods page: which steps the study runs and their options — composite index (weights, aggregation, hierarchy),
 * DEA (model, returns to scale, orientation, inputs, outputs and bad outputs), green TFP by GML on the same
 * variables, Dagum Gini by group, kernel density, Markov chain, and Moran's I when the units have a map — with a live
 * preview of the study YAML. Run saves the study (POST /api/studies), starts a run in the UI language
 * (POST /api/runs) and opens its progress; issues the server finds are shown at the option they concern.
 */
import { ApiError, type WebContext } from "../context.js";
import {
  AGGREGATES,
  DEA_MODELS,
  DEA_ORIENTATIONS,
  DEA_RTS,
  GML_DISTANCES,
  GML_INDICES,
  GML_RTS,
  HIERARCHIES,
  ISLANDS,
  SPATIAL_WEIGHTS,
  WEIGHTINGS,
  defaultTitle,
  distributionVariables,
  issuePlace,
  narrowedYears,
  numericVariables,
  resolveVariable,
  studyMethods,
  studyYaml,
  type BuilderMethod,
  type BuilderState,
} from "../study-yaml.js";
import { errorText, fill, h, issueItem, labelled, select } from "./dom.js";
import { builderState, lastIssues, saveIssues, saveState } from "./state.js";
import { dataStrings } from "./strings/data.js";
import { methodsStrings } from "./strings/methods.js";

/** A problem the page sees itself: the control it belongs to ("<method>.<option>", or "" for the study) and its text key. */
export interface MethodsIssue {
  readonly at: string;
  readonly key: string;
  readonly values?: Readonly<Record<string, string | number>>;
}

/**
 * The problems of the methods the page can see before sending the study: no dataset, no method, an index without
 * indicators, DEA/GML without inputs or outputs or with a column in two roles, a distribution step without a
 * variable.
 * @param state the builder state
 * @returns the problems
 */
export function methodsIssues(state: BuilderState): MethodsIssue[] {
  const issues: MethodsIssue[] = [];
  if (state.dataset === undefined) issues.push({ at: "", key: "methods.issue.noDataset" });
  const methods = studyMethods(state);
  if (methods.length === 0) issues.push({ at: "", key: "methods.issue.noMethod" });
  const m = state.methods;
  if (methods.includes("index") && state.system.root.length === 0)
    issues.push({ at: "index.system", key: "methods.issue.noSystem" });
  if (methods.includes("dea") || methods.includes("gml")) {
    if (m.dea.inputs.length === 0) issues.push({ at: "dea.inputs", key: "methods.issue.noInputs" });
    if (m.dea.outputs.length === 0) issues.push({ at: "dea.outputs", key: "methods.issue.noOutputs" });
    const roles = new Map<string, number>();
    for (const column of [...m.dea.inputs, ...m.dea.outputs, ...m.dea.bad])
      roles.set(column, (roles.get(column) ?? 0) + 1);
    for (const [column, count] of roles)
      if (count > 1) issues.push({ at: "dea.inputs", key: "methods.issue.twoRoles", values: { column } });
  }
  for (const method of ["gini", "kde", "markov", "moran"] as const)
    if (methods.includes(method) && resolveVariable(state, m[method].var) === "")
      issues.push({ at: `${method}.var`, key: "methods.issue.noVariable" });
  return issues;
}

const FRONTIER_OPTIONS = new Set(["inputs", "outputs", "bad"]);

/**
 * Mounts the methods page.
 * @param el the page element
 * @param ctx the web context
 * @returns cleanup
 */
export function mountMethods(el: HTMLElement, ctx: WebContext): () => void {
  ctx.registerStrings(methodsStrings);
  ctx.registerStrings(dataStrings);
  const state = builderState();
  let running = false;
  let failure: string | undefined;
  let holders = new Map<string, HTMLElement>();
  let yamlHolder: HTMLElement | undefined;
  let listHolder: HTMLElement | undefined;
  let runButton: HTMLButtonElement | undefined;

  const holderFor = (method: BuilderMethod, option: string | undefined): HTMLElement | undefined => {
    if (option !== undefined) {
      const direct = holders.get(`${method}.${option}`);
      if (direct !== undefined) return direct;
      if (method === "gml" && FRONTIER_OPTIONS.has(option)) return holders.get(`dea.${option}`);
    }
    return holders.get(method);
  };

  /** Refreshes the YAML preview and the issues in place (the controls stay as they are). */
  const update = (): void => {
    saveState();
    let yaml: string;
    try {
      yaml = studyYaml(state);
    } catch {
      yaml = ctx.t("methods.noDatasetYaml");
    }
    yamlHolder?.replaceChildren(yaml);
    for (const holder of holders.values()) {
      holder.replaceChildren();
      holder.hidden = true;
    }
    const place = (holder: HTMLElement | undefined, text: string): void => {
      if (holder === undefined) return;
      holder.append(h("div", {}, text));
      holder.hidden = false;
    };
    const own = methodsIssues(state);
    for (const i of own) {
      const [method, option] = i.at.split(".");
      if (method !== undefined && method !== "")
        place(holderFor(method as BuilderMethod, option), ctx.t(i.key, i.values));
    }
    const server = lastIssues();
    const items: HTMLElement[] = own.map((i) =>
      h("li", { class: "issue", "data-at": i.at }, ctx.t(i.key, i.values)),
    );
    for (const issue of server) {
      const where = issuePlace(state, issue.path);
      const item = issueItem(issue, ctx);
      if (where.page === "methods") place(holderFor(where.method, where.option), issue.message);
      else if (where.page === "data" || where.page === "system")
        item.append(" ", h("a", { href: `#/${where.page}` }, ctx.t(`methods.fixOn.${where.page}`)));
      items.push(item);
    }
    listHolder?.replaceChildren(...items);
    if (runButton !== undefined) runButton.disabled = running || own.length > 0;
  };

  const changed = (): void => {
    saveIssues([]);
    render();
  };

  const run = async (): Promise<void> => {
    if (running || methodsIssues(state).length > 0) return;
    running = true;
    failure = undefined;
    update();
    const yaml = studyYaml(state);
    try {
      let saved: { id: string; version: number };
      try {
        saved = await ctx.postJson<{ id: string; version: number }>("/api/studies", {
          yaml,
          ...(state.studyId !== undefined ? { id: state.studyId } : {}),
        });
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 404 && state.studyId !== undefined)) throw error;
        saved = await ctx.postJson<{ id: string; version: number }>("/api/studies", { yaml });
      }
      state.studyId = saved.id;
      saveState();
      saveIssues([]);
      const started = await ctx.postJson<{ id: string }>("/api/runs", {
        studyId: saved.id,
        version: saved.version,
        lang: ctx.locale(),
      });
      running = false;
      ctx.navigate(`#/runs/${encodeURIComponent(started.id)}`);
    } catch (error) {
      running = false;
      if (error instanceof ApiError && error.issues.length > 0) saveIssues(error.issues);
      else failure = errorText(error);
      render();
    }
  };

  const choice = <T extends string>(
    testid: string,
    labelKey: string,
    values: readonly T[],
    value: T,
    set: (value: T) => void,
    textKey?: string,
    rerender = false,
  ): HTMLElement => {
    const holder = h("div", { class: "inline-issue", role: "alert", hidden: true });
    holders.set(testid.replace("-", "."), holder);
    const control = select(
      { "data-testid": testid, id: testid },
      values.map((v) => ({ value: v, text: textKey !== undefined ? ctx.t(`${textKey}.${v}`) : v })),
      value,
      (v) => {
        set(v as T);
        saveIssues([]);
        if (rerender) render();
        else update();
      },
    );
    return labelled(ctx.t(labelKey), control, holder);
  };

  const variableChoice = (method: "gini" | "kde" | "markov" | "moran"): HTMLElement => {
    const choices = distributionVariables(state);
    return choice(
      `${method}-var`,
      "methods.var",
      choices.length > 0 ? choices : [""],
      resolveVariable(state, state.methods[method].var),
      (v) => {
        state.methods[method].var = v;
      },
    );
  };

  const columnList = (testid: string, key: "inputs" | "outputs" | "bad", disabled: boolean): HTMLElement => {
    const holder = h("div", { class: "inline-issue", role: "alert", hidden: true });
    holders.set(`dea.${key}`, holder);
    const list = state.methods.dea[key];
    const boxes = numericVariables(state).map((column) => {
      const box = h("input", { type: "checkbox", value: column, checked: list.includes(column), disabled });
      box.addEventListener("change", () => {
        const current = state.methods.dea[key];
        state.methods.dea[key] = box.checked
          ? [...current.filter((c) => c !== column), column]
          : current.filter((c) => c !== column);
        saveIssues([]);
        update();
      });
      return h("label", { class: "check" }, box, ` ${column}`);
    });
    return h(
      "fieldset",
      { "data-testid": testid, class: `column-list${disabled ? " disabled" : ""}` },
      h("legend", {}, ctx.t(`methods.dea.${key}`)),
      boxes.length > 0
        ? h("div", { class: "checks" }, ...boxes)
        : h("p", { class: "muted" }, ctx.t("methods.noColumns")),
      holder,
    );
  };

  const section = (
    method: BuilderMethod,
    body: () => (HTMLElement | null)[],
    disabledKey?: string,
  ): HTMLElement => {
    const on = state.methods[method].on;
    const disabled = disabledKey !== undefined;
    const box = h("input", {
      type: "checkbox",
      "data-testid": `method-${method}`,
      id: `method-${method}`,
      checked: on && !disabled,
      disabled,
    });
    box.addEventListener("change", () => {
      state.methods[method].on = box.checked;
      changed();
    });
    const holder = h("div", { class: "inline-issue", role: "alert", hidden: true });
    holders.set(method, holder);
    return h(
      "section",
      { class: `method${on && !disabled ? " on" : ""}`, "data-method": method },
      h("h2", {}, h("label", { class: "check" }, box, ` ${ctx.t(`methods.${method}`)}`)),
      h("p", { class: "muted" }, ctx.t(disabledKey ?? `methods.${method}.about`)),
      holder,
      on && !disabled ? h("div", { class: "options" }, ...body()) : null,
    );
  };

  /** The study's years (chosen on the data page), with a link back to change them. */
  const yearsLine = (): HTMLElement | null => {
    const span = state.years.span;
    const first = span[0];
    const last = span[span.length - 1];
    if (state.dataset === undefined || first === undefined || last === undefined) return null;
    const window = narrowedYears(state);
    return h(
      "p",
      { class: "muted", "data-testid": "study-years" },
      window === undefined
        ? ctx.t("data.yearsAll", { first, last })
        : ctx.t("data.yearsWindow", { ...window, first, last }),
      " ",
      h("a", { href: "#/data" }, ctx.t("data.yearsChange")),
    );
  };

  const render = (): void => {
    holders = new Map();
    const m = state.methods;
    const groups = state.columns.map((c) => c.name);
    const title = h("input", {
      type: "text",
      "data-testid": "study-title",
      id: "study-title",
      value: state.title,
      placeholder: defaultTitle(state),
      size: 50,
    });
    title.addEventListener("input", () => {
      state.title = title.value;
      update();
    });
    const sbmOrDdf = m.dea.model === "sbm" || m.dea.model === "ddf";
    const sections = [
      section("index", () => [
        choice(
          "index-weights",
          "methods.index.weights",
          WEIGHTINGS,
          m.index.weights,
          (v) => (m.index.weights = v),
          "methods.weights",
        ),
        choice(
          "index-aggregate",
          "methods.index.aggregate",
          AGGREGATES,
          m.index.aggregate,
          (v) => (m.index.aggregate = v),
          "methods.aggregate",
        ),
        choice(
          "index-hierarchy",
          "methods.index.hierarchy",
          HIERARCHIES,
          m.index.hierarchy,
          (v) => (m.index.hierarchy = v),
          "methods.hierarchy",
        ),
        h(
          "p",
          { class: "muted" },
          ctx.t("methods.index.system", { name: state.system.name, n: String(state.system.root.length) }),
          " ",
          h("a", { href: "#/system" }, ctx.t("methods.editSystem")),
        ),
      ]),
      section("dea", () => [
        h(
          "div",
          { class: "row" },
          choice(
            "dea-model",
            "methods.dea.model",
            DEA_MODELS,
            m.dea.model,
            (v) => (m.dea.model = v),
            "methods.model",
            true,
          ),
          m.dea.model !== "fdh"
            ? choice("dea-rts", "methods.dea.rts", DEA_RTS, m.dea.rts, (v) => (m.dea.rts = v), "methods.rts")
            : null,
          choice(
            "dea-orientation",
            "methods.dea.orientation",
            m.dea.model === "sbm" ? DEA_ORIENTATIONS : DEA_ORIENTATIONS.filter((o) => o !== "none"),
            m.dea.model !== "sbm" && m.dea.orientation === "none" ? "in" : m.dea.orientation,
            (v) => (m.dea.orientation = v),
            "methods.orientation",
          ),
        ),
      ]),
      m.dea.on || m.gml.on
        ? h(
            "section",
            { class: "method frontier" },
            h("h2", {}, ctx.t("methods.frontier")),
            h("p", { class: "muted" }, ctx.t("methods.frontier.about")),
            h(
              "div",
              { class: "lists" },
              columnList("dea-inputs", "inputs", false),
              columnList("dea-outputs", "outputs", false),
              columnList("dea-bad", "bad", m.dea.on && !sbmOrDdf),
            ),
            m.dea.on && !sbmOrDdf ? h("p", { class: "muted" }, ctx.t("methods.dea.badNeeds")) : null,
            (() => {
              const box = h("input", {
                type: "checkbox",
                "data-testid": "dea-incomplete",
                checked: m.dea.dropIncomplete,
              });
              box.addEventListener("change", () => {
                m.dea.dropIncomplete = box.checked;
                update();
              });
              return h("label", { class: "check" }, box, ` ${ctx.t("methods.dea.dropIncomplete")}`);
            })(),
          )
        : null,
      section("gml", () => [
        h(
          "div",
          { class: "row" },
          choice(
            "gml-index",
            "methods.gml.index",
            GML_INDICES,
            m.gml.index,
            (v) => (m.gml.index = v),
            "methods.gmlIndex",
          ),
          choice(
            "gml-distance",
            "methods.gml.distance",
            GML_DISTANCES,
            m.gml.distance,
            (v) => (m.gml.distance = v),
            "methods.distance",
          ),
          choice("gml-rts", "methods.dea.rts", GML_RTS, m.gml.rts, (v) => (m.gml.rts = v), "methods.rts"),
        ),
      ]),
      section("gini", () => [
        variableChoice("gini"),
        (() => {
          const holder = h("div", { class: "inline-issue", role: "alert", hidden: true });
          holders.set("gini.group", holder);
          return labelled(
            ctx.t("methods.gini.group"),
            select(
              { "data-testid": "gini-group", id: "gini-group" },
              [
                {
                  value: "",
                  text:
                    state.mapping.group !== ""
                      ? ctx.t("methods.groupDefault", { group: state.mapping.group })
                      : ctx.t("methods.noGroup"),
                },
                ...groups.map((g) => ({ value: g, text: g })),
              ],
              m.gini.group,
              (v) => {
                m.gini.group = v;
                update();
              },
            ),
            holder,
          );
        })(),
      ]),
      section("kde", () => [variableChoice("kde")]),
      section("markov", () => [
        variableChoice("markov"),
        choice(
          "markov-classes",
          "methods.markov.classes",
          ["3", "4", "5"],
          String(m.markov.classes) as "3" | "4" | "5",
          (v) => (m.markov.classes = Number(v)),
        ),
      ]),
      section(
        "moran",
        () => [
          variableChoice("moran"),
          choice(
            "moran-weights",
            "methods.moran.weights",
            SPATIAL_WEIGHTS,
            m.moran.weights,
            (v) => (m.moran.weights = v),
            "methods.spatial",
            true,
          ),
          m.moran.weights === "queen" || m.moran.weights === "rook"
            ? choice(
                "moran-islands",
                "methods.moran.islands",
                ISLANDS,
                m.moran.islands,
                (v) => (m.moran.islands = v),
                "methods.islands",
              )
            : null,
          choice(
            "moran-permutations",
            "methods.moran.permutations",
            ["0", "99", "999", "9999"],
            String(m.moran.permutations) as "999",
            (v) => (m.moran.permutations = Number(v)),
          ),
        ],
        state.mapping.map === "none" ? "methods.moran.needsMap" : undefined,
      ),
    ];
    const yamlPre = h("pre", { class: "yaml-preview", "data-testid": "study-yaml", tabindex: 0 });
    yamlHolder = yamlPre;
    const list = h("ul", { class: "issues", "data-testid": "study-issues", "aria-live": "polite" });
    listHolder = list;
    const button = h(
      "button",
      { type: "button", class: "primary", "data-testid": "run-study" },
      ctx.t(running ? "methods.running" : "methods.run"),
    );
    button.addEventListener("click", () => {
      void run();
    });
    runButton = button;
    fill(
      el,
      h("h1", {}, ctx.t("methods.heading")),
      state.dataset === undefined
        ? h(
            "p",
            { class: "warning" },
            ctx.t("methods.noDataset"),
            " ",
            h("a", { href: "#/data" }, ctx.t("methods.toData")),
          )
        : null,
      labelled(ctx.t("methods.title"), title),
      yearsLine(),
      h(
        "div",
        { class: "methods-layout" },
        h("div", { class: "methods-options" }, ...sections),
        h("aside", { class: "methods-yaml" }, h("h2", {}, ctx.t("methods.yaml")), yamlPre),
      ),
      h("section", {}, h("h2", {}, ctx.t("methods.issues")), list),
      failure !== undefined ? h("p", { class: "error", role: "alert" }, failure) : null,
      h("div", { class: "actions" }, button),
    );
    update();
  };

  render();
  const off = ctx.onLocaleChange(render);
  return () => {
    off();
  };
}
