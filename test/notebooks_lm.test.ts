// The notebooks that start from the supervised language model, one after the other (it is trained once),
// executed through the real kernel blank and with the solutions typed in (test/support/notebook_tests.ts).
import { LANGUAGE_MODEL_NOTEBOOKS, notebookTests } from "./support/notebook_tests";

notebookTests((number) => LANGUAGE_MODEL_NOTEBOOKS.includes(number));
