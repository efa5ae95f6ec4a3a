// Both catalogs, for the server. A *.server module is left out of the browser bundle, where
// entry.client loads the one catalog the page needs: the e-mails' and the PDF documents' wording
// stay on the server.
import { en } from "./en";
import { enDocuments } from "./en-documents";
import { enMail } from "./en-mail";
import { ja } from "./ja";
import { jaDocuments } from "./ja-documents";
import { jaMail } from "./ja-mail";
import { catalogs } from "./store";

catalogs.ja = { ...ja, ...jaMail, ...jaDocuments };
catalogs.en = { ...en, ...enMail, ...enDocuments };
