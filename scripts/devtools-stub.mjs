// Stands in for react-devtools-core in the bundled viewer (dist/tui.mjs): Ink only loads it when DEV=true.
export default {initialize() {}, connectToDevTools() {}};
