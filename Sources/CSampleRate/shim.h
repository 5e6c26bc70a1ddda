// libsamplerate (Debian: libsamplerate0-dev). Only the Swift wrapper in Sources/SampleRate imports this module.
#include <samplerate.h>
