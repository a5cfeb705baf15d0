// Seeded parameter initialisation following transformers' _init_weights (see init_weights.h).
// Wav2Vec2: Linear N(0, initializer_range) with zero bias; feature-projection Linear
// U(+-1/sqrt(fan_in)) for weight and bias; conv weights Kaiming-normal (fan_in, gain sqrt(2))
// with bias U(+-sqrt(groups / (in * k))); positional conv v ~ N(0, 2 / sqrt(K * H)), g = ||v||,
// bias 0; LayerNorm/GroupNorm weight 1, bias 0; masked_spec_embed U[0, 1);
// layer_weights 1 / (num_hidden_layers + 1).
// HuBERT: as above except conv biases are zero, the feature projection is an ordinary Linear
// and the positional conv v is Kaiming-normal.
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <set>

#include "model/feature_encoder.h"
#include "model/feature_projection.h"
#include "model/init_weights.h"
#include "model/positional_conv.h"
#include "model/sequence_classifier.h"

namespace emoforget::model {
namespace {

class Initialiser {
 public:
  explicit Initialiser(uint64_t seed) : gen_(at::make_generator<at::CPUGeneratorImpl>(seed)) {}

  void normal(torch::Tensor& param, double std) {
    assign(param, torch::empty(param.sizes(), torch::kFloat64).normal_(0.0, std, gen_));
  }
  void uniform(torch::Tensor& param, double lo, double hi) {
    assign(param, torch::empty(param.sizes(), torch::kFloat64).uniform_(lo, hi, gen_));
  }
  void kaiming_normal(torch::Tensor& weight) {
    // torch.nn.init.kaiming_normal_ defaults: mode fan_in, leaky_relu with a = 0 -> gain sqrt(2).
    const double fan_in = static_cast<double>(weight.numel() / weight.size(0));
    normal(weight, std::sqrt(2.0) / std::sqrt(fan_in));
  }
  static void fill(torch::Tensor& param, double value) {
    if (!param.defined()) return;
    torch::NoGradGuard no_grad;
    param.fill_(value);
  }
  static void assign(torch::Tensor& param, const torch::Tensor& values) {
    torch::NoGradGuard no_grad;
    param.copy_(values.to(param.dtype()));
  }

 private:
  at::Generator gen_;
};

}  // namespace

void init_sequence_classifier(SequenceClassifierImpl& model, uint64_t seed) {
  const ModelConfig& config = model.config();
  const bool hubert = config.is_hubert();
  Initialiser init(seed);
  std::set<const torch::nn::Module*> handled;

  for (const auto& item : model.named_modules()) {
    torch::nn::Module* module = item.value().get();
    if (handled.count(module)) continue;
    if (auto* layer = dynamic_cast<FeatureConvLayerImpl*>(module)) {
      auto& conv = *layer->conv;
      init.kaiming_normal(conv.weight);
      if (conv.bias.defined()) {
        if (hubert) {
          Initialiser::fill(conv.bias, 0.0);
        } else {
          const double fan_in = static_cast<double>(conv.weight.size(1) * conv.weight.size(2));
          const double k = std::sqrt(1.0 / fan_in);  // sqrt(groups / (in * k)), groups = 1
          init.uniform(conv.bias, -k, k);
        }
      }
      handled.insert(layer->conv.get());
    } else if (auto* projection = dynamic_cast<FeatureProjectionImpl*>(module)) {
      auto& linear = *projection->projection;
      if (hubert) {
        init.normal(linear.weight, config.initializer_range);
        Initialiser::fill(linear.bias, 0.0);
      } else {
        const double k = std::sqrt(1.0 / static_cast<double>(linear.weight.size(1)));
        init.uniform(linear.weight, -k, k);
        init.uniform(linear.bias, -k, k);
      }
      handled.insert(projection->projection.get());
    } else if (auto* pos_conv = dynamic_cast<WeightNormConv1dImpl*>(module)) {
      if (hubert) {
        init.kaiming_normal(pos_conv->weight_v);
      } else {
        const double k = static_cast<double>(pos_conv->kernel_size);
        const double in_channels = static_cast<double>(pos_conv->weight_v.size(0));
        init.normal(pos_conv->weight_v, 2.0 * std::sqrt(1.0 / (k * in_channels)));
      }
      // weight_g = ||v|| over dims 0 and 1, so the effective weight starts equal to v.
      Initialiser::assign(pos_conv->weight_g, at::norm_except_dim(pos_conv->weight_v, 2, 2));
      Initialiser::fill(pos_conv->bias, 0.0);
    } else if (auto* linear = dynamic_cast<torch::nn::LinearImpl*>(module)) {
      init.normal(linear->weight, config.initializer_range);
      Initialiser::fill(linear->bias, 0.0);
    } else if (auto* layer_norm = dynamic_cast<torch::nn::LayerNormImpl*>(module)) {
      Initialiser::fill(layer_norm->weight, 1.0);
      Initialiser::fill(layer_norm->bias, 0.0);
    } else if (auto* group_norm = dynamic_cast<torch::nn::GroupNormImpl*>(module)) {
      Initialiser::fill(group_norm->weight, 1.0);
      Initialiser::fill(group_norm->bias, 0.0);
    }
  }
  torch::Tensor& masked_spec_embed = model.backbone->masked_spec_embed;
  if (masked_spec_embed.defined()) init.uniform(masked_spec_embed, 0.0, 1.0);
  if (model.layer_weights.defined()) {
    Initialiser::fill(model.layer_weights, 1.0 / static_cast<double>(model.layer_weights.numel()));
  }
}

void SequenceClassifierImpl::init_weights(uint64_t seed) {
  init_sequence_classifier(*this, seed);
}

}  // namespace emoforget::model
