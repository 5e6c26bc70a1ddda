// libpng 1.6 (Debian: libpng-dev). Only the Swift wrapper in Sources/PNG imports this module.
//
// melshard uses libpng's "simplified API" (png_image_*), which reports errors in the struct
// instead of through longjmp, so Swift never has to cross a setjmp boundary.
#include <png.h>

// The format and version macros are built from other macros, which Swift does not import;
// these constants pin their values for the wrapper.
static const png_uint_32 CPNG_IMAGE_VERSION = PNG_IMAGE_VERSION;
static const png_uint_32 CPNG_FORMAT_GRAY = PNG_FORMAT_GRAY;
static const png_uint_32 CPNG_FORMAT_RGB = PNG_FORMAT_RGB;
static const png_uint_32 CPNG_FORMAT_RGBA = PNG_FORMAT_RGBA;
