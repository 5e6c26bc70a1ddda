// libpocketsphinx 5prealpha and libsphinxbase (Debian: libpocketsphinx-dev, libsphinxbase-dev; the
// model is pocketsphinx-en-us). Only the Swift wrapper in Sources/PocketSphinx imports this module.
// pocketsphinx.h and ps_search.h give the decoder, FSG searches and word segments; sphinxbase's
// fsg_model.h builds the grammar in code (no JSGF, whose token syntax rejects words like "i'm"),
// cmd_ln.h the configuration (cmd_ln_parse_r: the variadic cmd_ln_init cannot be called from Swift)
// and err.h silences the library's logging.
#include <pocketsphinx.h>
#include <ps_search.h>
#include <sphinxbase/cmd_ln.h>
#include <sphinxbase/err.h>
#include <sphinxbase/fsg_model.h>
#include <sphinxbase/logmath.h>
