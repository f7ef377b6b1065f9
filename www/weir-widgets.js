// Registers Weir's widgets. One script tag is all a page needs:
//   <script type="module" src="https://example.org/weir/weir-widgets.js"></script>
// Each name is defined only if the page has not defined it already, so a
// host page's own element of the same name wins and nothing throws.
import { define } from "./widgets/base.js";
import { WeirWindowTypes } from "./widgets/window-types.js";
import { WeirEventTime } from "./widgets/event-time.js";
import { WeirMemoryCalculator } from "./widgets/memory-calculator.js";
import { WeirBatchVsStream } from "./widgets/batch-vs-stream.js";
import { WeirWindowAdvisor } from "./widgets/window-advisor.js";
import { WeirFactory } from "./widgets/factory.js";
import { WeirQuiz } from "./widgets/quiz.js";
import { WeirLabelDiagram } from "./widgets/label-diagram.js";
import { WeirWatermarkPrice } from "./widgets/watermark-price.js";
import { WeirSemantics } from "./widgets/semantics.js";
import { WeirSources } from "./widgets/sources.js";

define("weir-window-types", WeirWindowTypes);
define("weir-event-time", WeirEventTime);
define("weir-memory-calculator", WeirMemoryCalculator);
define("weir-batch-vs-stream", WeirBatchVsStream);
define("weir-window-advisor", WeirWindowAdvisor);
define("weir-factory", WeirFactory);
define("weir-quiz", WeirQuiz);
define("weir-label-diagram", WeirLabelDiagram);
define("weir-watermark-price", WeirWatermarkPrice);
define("weir-semantics", WeirSemantics);
define("weir-sources", WeirSources);

export {
  WeirWindowTypes,
  WeirEventTime,
  WeirMemoryCalculator,
  WeirBatchVsStream,
  WeirWindowAdvisor,
  WeirFactory,
  WeirQuiz,
  WeirLabelDiagram,
  WeirWatermarkPrice,
  WeirSemantics,
  WeirSources,
};
