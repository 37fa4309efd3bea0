// Every notebook but the language-model ones (test/notebooks_lm.test.ts), executed through the real kernel
// blank and with the solutions typed in (test/support/notebook_tests.ts says what is checked).
import { LANGUAGE_MODEL_NOTEBOOKS, notebookTests } from "./support/notebook_tests";

notebookTests((number) => !LANGUAGE_MODEL_NOTEBOOKS.includes(number));
