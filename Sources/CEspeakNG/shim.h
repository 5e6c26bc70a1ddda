// libespeak-ng (Debian: libespeak-ng-dev). Only the Swift wrapper in Sources/EspeakNG imports this module.
// The classic speak_lib.h API is enough: synchronous synthesis with a callback that receives the
// samples and the word events, which give each word's character position and sample offset.
#include <espeak-ng/speak_lib.h>
