// Every test process (and the CLI and API processes the tests spawn, which inherit it) speaks one language, whatever
// the machine's locale: English, the language the specs assert messages in. apps/cli/src/lang.spec.ts chooses its own.
process.env.HOTLINE_LANG = 'en';
