// A refused form answers 403, 404, 409, 422 or 429 with the page showing it again as typed, the refusal at its
// field: htmx swaps those pages in like any other (by default it swaps no 4xx answer, and the reader would see
// nothing happen). 286 is htmx's "stop refreshing": the live part of a page that can no longer be shown.
htmx.config.responseHandling = [
  { code: "204", swap: false },
  { code: "286", swap: false },
  { code: "[23]..", swap: true },
  { code: "(403|404|409|422|429)", swap: true },
  { code: "[45]..", swap: false, error: true },
];
