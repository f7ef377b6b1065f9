// Types for the registering script: importing it defines the eight elements
// (each only if the page has not defined that name) and exports their classes.
export declare class WeirWidget extends HTMLElement {
  /** The latest outputs as plain data (null before the first update). */
  readonly result: unknown;
}
export declare class WeirWindowTypes extends WeirWidget {}
export declare class WeirEventTime extends WeirWidget {}
export declare class WeirMemoryCalculator extends WeirWidget {}
export declare class WeirBatchVsStream extends WeirWidget {}
export declare class WeirWindowAdvisor extends WeirWidget {}
export declare class WeirFactory extends WeirWidget {}
export declare class WeirQuiz extends WeirWidget {}
export declare class WeirLabelDiagram extends WeirWidget {}

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
  }
}
