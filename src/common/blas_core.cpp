#include "common/blas_core.h"

#include <dlfcn.h>

namespace emoforget {

std::string blas_core_name() {
  using CoreName = char* (*)();
  const auto get = reinterpret_cast<CoreName>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  if (get == nullptr) return "";
  const char* name = get();
  return name == nullptr ? "" : name;
}

}  // namespace emoforget
