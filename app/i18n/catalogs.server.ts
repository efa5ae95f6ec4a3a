// Both catalogs, for the server. A *.server module is left out of the browser bundle, where
// entry.client loads the one catalog the page needs.
import { en } from "./en";
import { enMail } from "./en-mail";
import { ja } from "./ja";
import { jaMail } from "./ja-mail";
import { catalogs } from "./store";

catalogs.ja = { ...ja, ...jaMail };
catalogs.en = { ...en, ...enMail };
