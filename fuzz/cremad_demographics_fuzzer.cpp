// libFuzzer entry for CREMA-D's VideoDemographics.csv reader: any input must parse or
// throw emoforget::Error; every gender read is "f" or "m".
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/error.h"
#include "corpora/cremad_demographics.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    for (const auto& [actor, gender] :
         emoforget::corpora::parse_cremad_demographics(text, "fuzz-input")) {
      if (gender != "f" && gender != "m") std::abort();
    }
  } catch (const emoforget::Error&) {
  }
  return 0;
}
