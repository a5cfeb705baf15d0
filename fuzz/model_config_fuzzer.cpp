// libFuzzer entry for the config.json reader (ModelConfig::from_text): any input must
// parse or throw emoforget::Error; an accepted config must survive validate() or throw
// emoforget::Error, and its to_json() must read back to the same JSON.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/error.h"
#include "model/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using emoforget::model::ModelConfig;
  const std::string text(reinterpret_cast<const char*>(data), size);
  ModelConfig config;
  try {
    config = ModelConfig::from_text(text, "fuzz-input");
  } catch (const emoforget::Error&) {
    return 0;
  }
  const nlohmann::json written = config.to_json();
  try {
    if (ModelConfig::from_json(written, "fuzz-round-trip").to_json() != written) std::abort();
  } catch (const emoforget::Error&) {
    std::abort();  // what the reader accepted, written back, must read again
  }
  try {
    config.validate();
    config.describe();
    if (config.total_stride() <= 0) std::abort();
    if (config.num_frames(16000) < 0) std::abort();
  } catch (const emoforget::Error&) {
  }
  return 0;
}
