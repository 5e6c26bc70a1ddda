// FFTW 3, double and single precision (Debian: libfftw3-dev). Only Sources/FFT imports this module.
#include <fftw3.h>
