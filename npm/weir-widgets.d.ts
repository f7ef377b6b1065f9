// Types for the registering script: importing it defines the elements
// (each only if the page has not defined that name) and exports their classes.
/** What every element has (a type only: no such class is exported). */
export interface WeirWidget extends HTMLElement {
  /** The latest outputs as plain data (null before the first update). */
  readonly result: unknown;
}
declare class Widget extends HTMLElement implements WeirWidget {
  readonly result: unknown;
}
export declare class WeirWindowTypes extends Widget {}
export declare class WeirEventTime extends Widget {}
export declare class WeirMemoryCalculator extends Widget {}
export declare class WeirBatchVsStream extends Widget {}
export declare class WeirWindowAdvisor extends Widget {}
export declare class WeirFactory extends Widget {}
export declare class WeirQuiz extends Widget {}
export declare class WeirLabelDiagram extends Widget {}
export declare class WeirWatermarkPrice extends Widget {}
export declare class WeirSemantics extends Widget {}
export declare class WeirSources extends Widget {}

declare global {
  interface HTMLElementTagNameMap {
    "weir-window-types": WeirWindowTypes;
    "weir-event-time": WeirEventTime;
    "weir-memory-calculator": WeirMemoryCalculator;
    "weir-batch-vs-stream": WeirBatchVsStream;
    "weir-window-advisor": WeirWindowAdvisor;
    "weir-factory": WeirFactory;
    "weir-quiz": WeirQuiz;
    "weir-label-diagram": WeirLabelDiagram;
    "weir-watermark-price": WeirWatermarkPrice;
    "weir-semantics": WeirSemantics;
    "weir-sources": WeirSources;
  }
}
