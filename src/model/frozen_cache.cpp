#include "model/frozen_cache.h"

namespace emoforget::model {

bool gradient_flows_to(std::initializer_list<torch::Tensor> parameters) {
  if (!torch::GradMode::is_enabled()) return false;
  for (const torch::Tensor& parameter : parameters) {
    if (parameter.defined() && parameter.requires_grad()) return true;
  }
  return false;
}

torch::Tensor FrozenCache::get(std::initializer_list<torch::Tensor> sources,
                               const std::function<torch::Tensor()>& compute) {
  std::vector<std::pair<const void*, int64_t>> keys;
  keys.reserve(sources.size());
  for (const torch::Tensor& source : sources)
    keys.emplace_back(source.data_ptr(), static_cast<int64_t>(source._version()));
  const std::lock_guard<std::mutex> lock(mutex_);
  if (!value_.defined() || keys != keys_) {
    const torch::NoGradGuard no_grad;
    value_ = compute();
    keys_ = std::move(keys);
  }
  return value_;
}

void FrozenCache::clear() {
  const std::lock_guard<std::mutex> lock(mutex_);
  value_ = torch::Tensor();
  keys_.clear();
}

}  // namespace emoforget::model
