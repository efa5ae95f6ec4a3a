// Both catalogs, for the server. A *.server module is left out of the browser bundle, where
// entry.client loads the one catalog the page needs.
import { en } from "./en";
import { ja } from "./ja";
import { catalogs } from "./store";

catalogs.ja = ja;
catalogs.en = en;
