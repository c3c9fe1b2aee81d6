// Linked into the test programs of an Emscripten build (tests/CMakeLists.txt):
// Emscripten gives getenv() an environment of its own, so CTest's variables
// (ADJEQ_KERNEL, ADJEQ_TEST_RUNS_DIR, ...) are copied in from node's.
// (ENV exists only in programs that call getenv.)
Module["preRun"] = [].concat(Module["preRun"] || [], function () {
  if (typeof ENV !== "undefined") Object.assign(ENV, process.env);
});
