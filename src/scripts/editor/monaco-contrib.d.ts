// Monaco ships no types for its contribution modules; they are imported only for
// the commands and widgets they register, so an untyped side-effect module is enough.
declare module 'monaco-editor/editor/contrib/suggest/browser/suggestController.js';
