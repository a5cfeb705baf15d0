// The BLAS kernels in use. OpenBLAS picks its kernels by CPU model when it loads, or takes
// them from OPENBLAS_CORETYPE; reports and benchmarks record the choice, which sets the speed
// of every matrix product.
#pragma once

#include <string>

namespace emoforget {

// The kernels OpenBLAS runs, as OPENBLAS_CORETYPE names them ("Haswell", "Cooperlake", ...);
// "" where the BLAS in use is not OpenBLAS.
std::string blas_core_name();

}  // namespace emoforget
