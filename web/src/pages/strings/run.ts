/** UI strings of the run progress page. */
import type { Strings } from "../../context.js";

export const runStrings: Strings = {
  en: {
    "run.heading": "Run",
    "run.status": "Status:",
    "run.progress": "{done} of {total} steps done",
    "run.cancel": "Cancel run",
    "run.stepDone": "done",
    "run.stepRunning": "running…",
    "run.backToMethods": "Back to the methods to fix the study",
    "run.allRuns": "All runs",
    "run.editStudy": "Edit the study",
  },
  zh: {
    "run.heading": "运行",
    "run.status": "状态：",
    "run.progress": "已完成 {done} / {total} 步",
    "run.cancel": "取消运行",
    "run.stepDone": "已完成",
    "run.stepRunning": "运行中…",
    "run.backToMethods": "返回方法页修改研究",
    "run.allRuns": "全部运行记录",
    "run.editStudy": "修改研究",
  },
};
