// A refused form answers 403, 409 or 422 with the page showing it again as typed, the refusal at its field: htmx
// swaps those pages in like any other (by default it swaps no 4xx answer, and the reader would see nothing happen).
htmx.config.responseHandling = [
  { code: "204", swap: false },
  { code: "[23]..", swap: true },
  { code: "(403|409|422)", swap: true },
  { code: "[45]..", swap: false, error: true },
];
