// libsndfile (Debian: libsndfile1-dev). Only the Swift wrapper in Sources/SoundFile imports this module.
#include <sndfile.h>
