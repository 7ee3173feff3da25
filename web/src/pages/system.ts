/**
 * Indicator system page: a tree editor of dimensions, sub-dimensions and indicators (en/zh labels; each indicator
 * a numeric column of the dataset or an expression, with direction + or −), started empty or from a bundled system,
 * imported from and exported to YAML. Weights: how the children of each dimension (and the top-level dimensions)
 * are weighted — as the whole index, by a method, or fixed weights typed per node, with their sum shown on the
 * parent. Every change is checked with the system format's own parser and the issues are shown on the node they
 * concern.
 */
import { parse as parseYaml, stringify } from "yaml";
import { parseIndicatorSystem } from "../../../src/methods/composite/indicator-system.js";
import type { ApiIssue, WebContext } from "../context.js";
import { isNqpfInputError } from "../../../src/errors.js";
import { issuePlace, numericVariables } from "../study-yaml.js";
import { errorText, fill, h, issueItem, labelled, select } from "./dom.js";
import { builderState, lastIssues, saveState } from "./state.js";
import { systemStrings } from "./strings/system.js";
import {
  addDimension,
  addIndicator,
  draftFromSystem,
  draftIssues,
  draftNodes,
  EDITABLE_WEIGHTINGS,
  emptySystem,
  isTopWeightPath,
  nodeAtPath,
  removeNode,
  setNodeWeight,
  setWeighting,
  showsWeight,
  siblingWeights,
  systemObject,
  weightingChoice,
  weightText,
  type DraftIndicator,
  type DraftNode,
  type EditableWeighting,
  type SystemDraft,
} from "./system-draft.js";

/** Keys of the page's own checks that the system parser does not make. */
const OWN_CHECKS = new Set([
  "system.issue.name",
  "system.issue.empty",
  "system.issue.noVariable",
  "system.issue.notNumeric",
]);

/**
 * The issues the system format's parser finds in a draft (ids, children, directions, expressions, weights).
 * Reference: parseIndicatorSystem (src/methods/composite/indicator-system.ts).
 * @param draft the draft
 * @returns the parser's issues (none when it accepts the system)
 */
export function parserIssues(draft: SystemDraft): ApiIssue[] {
  try {
    parseIndicatorSystem(JSON.stringify(systemObject(draft)), { format: "json" });
    return [];
  } catch (error) {
    if (isNqpfInputError(error)) return error.issues.map((i) => ({ ...i }));
    return [{ code: "bad_value", message: errorText(error) }];
  }
}

/**
 * Whether an indicator reads a column: its variable, or a name in its expression.
 * @param node the indicator
 * @param column the column
 * @returns true when it does
 */
export function usesColumn(node: DraftIndicator, column: string): boolean {
  if (node.expression.trim() === "") return node.variable === column;
  return node.expression.split(/[^\p{L}\p{N}_]+/u).includes(column);
}

/**
 * The system as YAML text (the format of a system file).
 * @param draft the draft
 * @returns the YAML
 */
export function systemYaml(draft: SystemDraft): string {
  return stringify(systemObject(draft), { lineWidth: 0 });
}

/**
 * Mounts the system page.
 * @param el the page element
 * @param ctx the web context
 * @returns cleanup
 */
export function mountSystem(el: HTMLElement, ctx: WebContext): () => void {
  ctx.registerStrings(systemStrings);
  const state = builderState();
  let templates: { name: string; title?: { en?: string; zh?: string } }[] = [];
  let yamlText = "";
  let yamlIssues: ApiIssue[] = [];
  let failure: string | undefined;
  let disposed = false;
  let focusAfter: string | undefined;

  const changed = (): void => {
    saveState();
    render();
  };

  const loadTemplate = async (name: string): Promise<void> => {
    if (name === "") return;
    if (name === "empty") {
      state.system = emptySystem();
      changed();
      return;
    }
    try {
      const answer = await ctx.getJson<{ name: string; yaml?: string; system?: unknown }>(
        `/api/systems/${encodeURIComponent(name)}`,
      );
      if (disposed) return;
      state.system = draftFromSystem(answer.system ?? parseYaml(answer.yaml ?? ""));
      failure = undefined;
      changed();
    } catch (error) {
      failure = errorText(error);
      render();
    }
  };

  const applyYaml = (): void => {
    yamlIssues = [];
    let value: unknown;
    try {
      value = parseYaml(yamlText);
    } catch (error) {
      yamlIssues = [{ code: "bad_value", message: errorText(error), hint: ctx.t("system.yamlHint") }];
      render();
      return;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      yamlIssues = [
        { code: "bad_value", message: ctx.t("system.yamlNotSystem"), hint: ctx.t("system.yamlHint") },
      ];
      render();
      return;
    }
    state.system = draftFromSystem(value);
    changed();
  };

  const exportYaml = (): void => {
    yamlText = systemYaml(state.system);
    const blob = new Blob([yamlText], { type: "application/yaml" });
    const url = URL.createObjectURL(blob);
    const a = h("a", { href: url, download: `${state.system.name}.yaml`, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => {
      URL.revokeObjectURL(url);
    }, 1000);
    render();
  };

  /** Issue holders of the nodes on screen, refreshed in place while the user types. */
  let holders = new Map<DraftNode, HTMLElement>();
  let listHolder: HTMLElement | undefined;
  let nameHolder: HTMLElement | undefined;
  let topHolder: HTMLElement | undefined;
  /** Σ weights beside each parent (undefined: the top-level dimensions), refreshed while the user types. */
  let sums = new Map<string | undefined, HTMLElement>();

  const refreshSums = (): void => {
    for (const [owner, holder] of sums) {
      const { count, given, sum } = siblingWeights(state.system, owner);
      holder.hidden = given === 0;
      const bad = given < count || sum === undefined || Math.abs(sum - 1) > 1e-6;
      holder.classList.toggle("bad", bad);
      const text = ctx.t("system.weightSum", { sum: sum === undefined ? "?" : ctx.fmt(sum, 4) });
      holder.textContent = given < count ? `${text} ${ctx.t("system.weightGiven", { given, count })}` : text;
    }
  };

  /** The weighting select of a dimension (owner: its id) or of the top-level dimensions (owner undefined). */
  const weightingSelect = (owner: string | undefined): HTMLSelectElement => {
    const current = weightingChoice(state.system, owner);
    const kept =
      (EDITABLE_WEIGHTINGS as readonly string[]).includes(current) || current === "" ? [] : [current];
    return select(
      {
        "data-testid": owner === undefined ? "system-weighting" : "node-weighting",
        ...(owner === undefined ? { id: "system-weighting" } : {}),
      },
      [
        { value: "", text: ctx.t("system.weighting.index") },
        ...EDITABLE_WEIGHTINGS.map((w) => ({ value: w, text: ctx.t(`system.weighting.${w}`) })),
        ...kept.map((w) => ({ value: w, text: ctx.t(`system.weighting.${w}`) })),
      ],
      current,
      (v) => {
        if (v !== "" && !(EDITABLE_WEIGHTINGS as readonly string[]).includes(v)) return;
        if (setWeighting(state.system, owner, v as "" | EditableWeighting)) changed();
      },
    );
  };

  /** The Σ weights of the children of owner, kept in `sums`. */
  const sumView = (owner: string | undefined): HTMLElement => {
    const holder = h("span", { class: "weight-sum", "data-testid": "weight-sum", "aria-live": "polite" });
    sums.set(owner, holder);
    return holder;
  };

  const refreshIssues = (): void => {
    const draft = state.system;
    const numeric = numericVariables(state);
    const own = draftIssues(draft, numeric).filter((i) => OWN_CHECKS.has(i.key));
    const parsed = parserIssues(draft);
    const fromServer = lastIssues().filter((i) => issuePlace(state, i.path).page === "system");
    const byNode = new Map<string, string[]>();
    const general: HTMLElement[] = [];
    const onNode = (node: string | undefined, text: string, item: HTMLElement): void => {
      if (node !== undefined) byNode.set(node, [...(byNode.get(node) ?? []), text]);
      general.push(item);
    };
    for (const i of own)
      onNode(
        i.node,
        ctx.t(i.key, i.values),
        h("li", { class: "issue", "data-node": i.node }, ctx.t(i.key, i.values)),
      );
    const top: string[] = [];
    for (const i of parsed) {
      if (isTopWeightPath(i.path)) top.push(i.message);
      onNode(i.path !== undefined ? nodeAtPath(draft, i.path) : undefined, i.message, issueItem(i, ctx));
    }
    topHolder?.replaceChildren(...top.map((t) => h("div", {}, t)));
    if (topHolder !== undefined) topHolder.hidden = top.length === 0;
    refreshSums();
    for (const i of fromServer) {
      // The server reports what the page's own parse shows already: say it once.
      if (parsed.some((p) => i.message.endsWith(p.message))) continue;
      const place = issuePlace(state, i.path);
      const node = place.page === "system" ? place.node : undefined;
      // An issue about a column the system reads (e.g. not in the data) goes to every indicator reading it.
      const readers =
        node === undefined && i.column !== undefined
          ? draftNodes(draft).flatMap(({ node: n }) =>
              n.kind === "indicator" && usesColumn(n, i.column!) ? [n.id] : [],
            )
          : [];
      if (readers.length === 0) onNode(node, i.message, issueItem(i, ctx));
      else {
        for (const id of readers) byNode.set(id, [...(byNode.get(id) ?? []), i.message]);
        general.push(issueItem(i, ctx));
      }
    }
    for (const [node, holder] of holders) {
      const texts = byNode.get(node.id) ?? [];
      holder.replaceChildren(...texts.map((t) => h("div", {}, t)));
      holder.hidden = texts.length === 0;
      holder.closest(".node")?.classList.toggle("has-issue", texts.length > 0);
    }
    nameHolder?.replaceChildren(
      ...own
        .filter((i) => i.field === "name")
        .map((i) => h("div", { class: "inline-issue", role: "alert" }, ctx.t(i.key, i.values))),
    );
    listHolder?.replaceChildren(...general, ...yamlIssues.map((i) => issueItem(i, ctx)));
  };

  /** Saves a typed change and refreshes the issues without rebuilding the page (the focus stays). */
  const typed = (): void => {
    saveState();
    refreshIssues();
  };

  const render = (): void => {
    const draft = state.system;
    const numeric = numericVariables(state);
    holders = new Map();
    sums = new Map();

    const nodeView = (node: DraftNode, parent: string | undefined): HTMLElement => {
      const weightInput = (): HTMLElement | null => {
        if (!showsWeight(draft, node, parent)) return null;
        const input = h("input", {
          type: "text",
          inputmode: "decimal",
          value: weightText(node),
          "data-testid": "node-weight",
          size: 6,
          placeholder: "0.25",
        });
        input.addEventListener("input", () => {
          setNodeWeight(node, input.value);
          typed();
        });
        return labelled(ctx.t("system.weight"), input);
      };
      const labelInput = (lang: "en" | "zh"): HTMLElement => {
        const input = h("input", {
          type: "text",
          value: node.label[lang],
          "data-testid": `label-${lang}`,
          lang: lang === "zh" ? "zh-CN" : "en",
        });
        input.addEventListener("input", () => {
          node.label[lang] = input.value;
          typed();
        });
        return labelled(ctx.t(`system.label.${lang}`), input);
      };
      const idInput = h("input", { type: "text", value: node.id, "data-testid": "node-id", size: 12 });
      idInput.addEventListener("input", () => {
        node.id = idInput.value.trim();
        idInput.closest(".node")?.setAttribute("data-testid", `node-${node.id}`);
        typed();
      });
      const remove = h(
        "button",
        {
          type: "button",
          "data-testid": "remove-node",
          class: "danger",
          "aria-label": ctx.t("system.removeNamed", { id: node.id }),
        },
        ctx.t("system.remove"),
      );
      remove.addEventListener("click", () => {
        removeNode(draft, node.id);
        changed();
      });
      const issues = h("div", { class: "inline-issue node-issues", role: "alert", hidden: true });
      holders.set(node, issues);
      if (node.kind === "dimension") {
        const addInd = h(
          "button",
          { type: "button", "data-testid": "add-indicator" },
          ctx.t("system.addIndicator"),
        );
        addInd.addEventListener("click", () => {
          const used = new Set(
            draftNodes(draft).flatMap((n) => (n.node.kind === "indicator" ? [n.node.variable] : [])),
          );
          focusAfter = addIndicator(draft, node.id, numeric.find((v) => !used.has(v)) ?? numeric[0] ?? "");
          changed();
        });
        const addSub = h(
          "button",
          { type: "button", "data-testid": "add-subdimension" },
          ctx.t("system.addSubdimension"),
        );
        addSub.addEventListener("click", () => {
          focusAfter = addDimension(draft, node.id);
          changed();
        });
        return h(
          "li",
          { class: "node dimension", "data-testid": `node-${node.id}`, "data-kind": "dimension" },
          h(
            "div",
            { class: "node-row" },
            h("span", { class: "kind" }, ctx.t("system.dimension")),
            labelled(ctx.t("system.id"), idInput),
            labelInput("en"),
            labelInput("zh"),
            weightInput(),
            labelled(ctx.t("system.weighting"), weightingSelect(node.id), sumView(node.id)),
            h("span", { class: "node-buttons" }, addInd, addSub, remove),
          ),
          issues,
          h("ul", { class: "children" }, ...node.children.map((c) => nodeView(c, node.id))),
        );
      }
      const options = [
        { value: "", text: ctx.t("system.chooseVariable") },
        ...numeric.map((v) => ({ value: v, text: v })),
        ...(node.variable !== "" && !numeric.includes(node.variable)
          ? [{ value: node.variable, text: ctx.t("system.notInData", { variable: node.variable }) }]
          : []),
      ];
      const variable = select(
        { "data-testid": "indicator-variable", disabled: node.expression.trim() !== "" },
        options,
        node.variable,
        (v) => {
          node.variable = v;
          changed();
        },
      );
      const direction = select(
        { "data-testid": "indicator-direction" },
        [
          { value: "+", text: ctx.t("system.direction.plus") },
          { value: "-", text: ctx.t("system.direction.minus") },
        ],
        node.direction,
        (v) => {
          node.direction = v === "-" ? "-" : "+";
          changed();
        },
      );
      const expression = h("input", {
        type: "text",
        value: node.expression,
        "data-testid": "indicator-expression",
        placeholder: ctx.t("system.expressionExample"),
        size: 24,
      });
      expression.addEventListener("input", () => {
        node.expression = expression.value;
        variable.disabled = node.expression.trim() !== "";
        typed();
      });
      return h(
        "li",
        { class: "node indicator", "data-testid": `node-${node.id}`, "data-kind": "indicator" },
        h(
          "div",
          { class: "node-row" },
          h("span", { class: "kind" }, ctx.t("system.indicator")),
          labelled(ctx.t("system.id"), idInput),
          labelInput("en"),
          labelInput("zh"),
          labelled(ctx.t("system.variable"), variable),
          labelled(ctx.t("system.direction"), direction),
          labelled(ctx.t("system.expression"), expression),
          weightInput(),
          h("span", { class: "node-buttons" }, remove),
        ),
        issues,
      );
    };

    const template = select(
      { "data-testid": "system-template", id: "system-template" },
      [
        { value: "", text: ctx.t("system.templateChoose") },
        { value: "empty", text: ctx.t("system.templateEmpty") },
        ...templates.map((t) => ({
          value: t.name,
          text: `${(ctx.locale() === "zh" ? t.title?.zh : t.title?.en) ?? t.name} (${t.name})`,
        })),
      ],
      "",
      (v) => {
        void loadTemplate(v);
      },
    );
    const name = h("input", {
      type: "text",
      value: draft.name,
      "data-testid": "system-name",
      id: "system-name",
    });
    name.addEventListener("input", () => {
      draft.name = name.value.trim();
      typed();
    });
    const titleInput = (lang: "en" | "zh"): HTMLElement => {
      const input = h("input", {
        type: "text",
        value: draft.title[lang],
        "data-testid": `system-title-${lang}`,
        size: 40,
      });
      input.addEventListener("input", () => {
        draft.title[lang] = input.value;
        typed();
      });
      return labelled(ctx.t(`system.title.${lang}`), input);
    };
    const nameIssues = h("div", {});
    nameHolder = nameIssues;
    const topIssues = h("div", {
      class: "inline-issue node-issues",
      role: "alert",
      hidden: true,
      "data-testid": "system-weighting-issues",
    });
    topHolder = topIssues;
    const add = h("button", { type: "button", "data-testid": "add-dimension" }, ctx.t("system.addDimension"));
    add.addEventListener("click", () => {
      focusAfter = addDimension(draft, undefined);
      changed();
    });

    const textarea = h("textarea", {
      "data-testid": "system-yaml",
      id: "system-yaml",
      rows: 14,
      spellcheck: "false",
    });
    textarea.value = yamlText;
    textarea.addEventListener("input", () => {
      yamlText = textarea.value;
    });
    const apply = h(
      "button",
      { type: "button", "data-testid": "system-yaml-apply" },
      ctx.t("system.yamlApply"),
    );
    apply.addEventListener("click", applyYaml);
    const exportButton = h(
      "button",
      { type: "button", "data-testid": "system-yaml-export" },
      ctx.t("system.yamlExport"),
    );
    exportButton.addEventListener("click", exportYaml);
    const file = h("input", { type: "file", accept: ".yaml,.yml,.json", "data-testid": "system-yaml-file" });
    file.addEventListener("change", () => {
      const f = file.files?.[0];
      if (f === undefined) return;
      void f.text().then((text) => {
        yamlText = text;
        applyYaml();
      });
    });

    const next = h(
      "button",
      { type: "button", class: "primary", "data-testid": "system-next" },
      ctx.t("system.next"),
    );
    next.addEventListener("click", () => {
      ctx.navigate("#/methods");
    });

    const issuesList = h("ul", { class: "issues", "data-testid": "system-issues", "aria-live": "polite" });
    listHolder = issuesList;
    fill(
      el,
      h("h1", {}, ctx.t("system.heading")),
      numeric.length === 0 ? h("p", { class: "warning" }, ctx.t("system.noData")) : null,
      h("div", { class: "row" }, labelled(ctx.t("system.template"), template)),
      failure !== undefined ? h("p", { class: "error", role: "alert" }, failure) : null,
      h(
        "div",
        { class: "row" },
        labelled(ctx.t("system.name"), name, nameIssues),
        titleInput("en"),
        titleInput("zh"),
      ),
      h(
        "section",
        { class: "system-editor", "data-testid": "system-editor" },
        h("h2", {}, ctx.t("system.tree")),
        draft.root.length === 0 ? h("p", { class: "muted" }, ctx.t("system.emptyTree")) : null,
        h(
          "div",
          { class: "row top-weighting" },
          labelled(ctx.t("system.weighting.top"), weightingSelect(undefined), sumView(undefined)),
          h("p", { class: "muted weighting-note" }, ctx.t("system.weighting.note")),
        ),
        topIssues,
        h("ul", { class: "tree" }, ...draft.root.map((n) => nodeView(n, undefined))),
        add,
      ),
      h("section", {}, h("h2", {}, ctx.t("system.issues")), issuesList),
      h(
        "section",
        { class: "yaml" },
        h("h2", {}, ctx.t("system.yaml")),
        h("p", { class: "muted" }, ctx.t("system.yamlNote")),
        labelled(ctx.t("system.yamlText"), textarea),
        h("div", { class: "actions" }, apply, exportButton, labelled(ctx.t("system.yamlFile"), file)),
      ),
      h("div", { class: "actions" }, next),
    );
    refreshIssues();
    if (focusAfter !== undefined) {
      el.querySelector<HTMLInputElement>(
        `[data-testid="node-${CSS.escape(focusAfter)}"] [data-testid=label-en]`,
      )?.focus();
      focusAfter = undefined;
    }
  };

  const load = async (): Promise<void> => {
    try {
      const answer = await ctx.getJson<{ systems: { name: string; title?: { en?: string; zh?: string } }[] }>(
        "/api/systems",
      );
      if (disposed) return;
      templates = answer.systems;
    } catch {
      templates = [];
    }
    render();
  };
  render();
  void load();
  const off = ctx.onLocaleChange(render);
  return () => {
    disposed = true;
    off();
  };
}
