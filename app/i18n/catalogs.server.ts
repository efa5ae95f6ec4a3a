// Both catalogs, for the server. A *.server module is left out of the browser bundle, where
// entry.client loads the one catalog the page needs: the e-mails' and the PDF documents' wording
// stay on the server.
import { en } from "./en";
import { enDocuments } from "./en-documents";
import { enMail } from "./en-mail";
import { enStaff } from "./en-staff";
import { ja } from "./ja";
import { jaDocuments } from "./ja-documents";
import { jaMail } from "./ja-mail";
import { jaStaff } from "./ja-staff";
import { catalogs, held } from "./store";

catalogs.ja = { ...ja, ...jaStaff, ...jaMail, ...jaDocuments };
catalogs.en = { ...en, ...enStaff, ...enMail, ...enDocuments };
for (const locale of ["ja", "en"] as const) {
  held.whole.add(locale);
  held.staff.add(locale);
}
