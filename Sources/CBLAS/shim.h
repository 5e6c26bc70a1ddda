// OpenBLAS's CBLAS interface (Debian: libopenblas-dev). Only Sources/BLAS imports this module.
// Debian's cblas.h comes from OpenBLAS and also declares openblas_set_num_threads.
#include <cblas.h>
