/** UI strings of the home page. */
import type { Strings } from "../../context.js";

export const homeStrings: Strings = {
  en: {
    "home.heading": "New quality productive forces, measured on your machine",
    "home.lead":
      "Upload a panel or choose a bundled dataset, map its columns, build the indicator system, choose the methods and run. The data stays on this computer.",
    "home.newStudy": "New study",
    "home.resume": "Continue with {name}",
    "home.runs": "Runs",
    "home.studies": "Saved studies",
    "home.uploads": "Uploaded datasets",
    "home.bundled": "Bundled datasets",
    "home.use": "Use",
    "home.runAgain": "Run again",
    "home.rows": "{rows} rows",
    "home.columns": "{columns} columns",
    "home.version": "version {version}",
    "home.noUploads": "No uploads yet.",
    "home.noStudies": "No saved studies yet.",
    "home.noRuns": "No runs yet.",
  },
  zh: {
    "home.heading": "在本机测度新质生产力",
    "home.lead":
      "上传面板数据或选择内置数据集，指定各列的含义，构建指标体系，选择方法并运行。数据始终留在本机。",
    "home.newStudy": "新建研究",
    "home.resume": "继续：{name}",
    "home.runs": "运行记录",
    "home.studies": "已保存的研究",
    "home.uploads": "已上传的数据集",
    "home.bundled": "内置数据集",
    "home.use": "使用",
    "home.runAgain": "再次运行",
    "home.rows": "{rows} 行",
    "home.columns": "{columns} 列",
    "home.version": "第 {version} 版",
    "home.noUploads": "尚无上传的数据。",
    "home.noStudies": "尚无保存的研究。",
    "home.noRuns": "尚无运行记录。",
  },
};
