// Attribute unlearning (attribute_removal.h): the pooled embeddings and logits of the
// training utterances that carry the attribute, INLP until a speaker-disjoint probe is
// near chance, and the projection folded into the model.
#include <algorithm>

#include <torch/torch.h>

#include "common/stopwatch.h"
#include "data/attribute.h"
#include "train/inference.h"
#include "unlearn/attribute_removal.h"
#include "unlearn/method.h"

namespace emoforget::unlearn {
namespace {

class AttributeMethod : public Method {
 public:
  void run(UnlearnContext& context) override {
    const UnlearnConfig& config = *context.config;
    const auto start = Clock::now();
    const data::BinaryAttribute attribute =
        data::binary_attribute(*context.manifest, context.forget_utts, config.forget.attribute);
    const torch::Tensor embeddings =
        train::predict_pooled(context.model, context.forget, config.run.batch, config.run.device);
    const torch::Tensor logits =
        train::predict_logits(context.model, context.forget, config.run.batch, config.run.device);
    AttributeRemovalConfig removal_config;
    removal_config.probe.seed = context.rng->next_u64();
    // Remove directions until the probe is near chance, leaving at least one per emotion
    // for the refitted classifier.
    const int64_t classes = logits.size(1);
    removal_config.max_directions =
        static_cast<int>(std::max<int64_t>(1, embeddings.size(1) - classes));
    const AttributeRemoval removal =
        remove_attribute(embeddings, attribute.codes, attribute.speakers, removal_config);
    fold_projection(context.model, removal.projection(embeddings.size(1)), embeddings, logits);
    nlohmann::json report = removal.to_json();
    report["attribute"] = attribute.name;
    report["values"] = attribute.values;
    report["utterances"] = embeddings.size(0);
    report["target_probe_accuracy"] = removal_config.target;
    context.report.attribute = report;
    context.report.train_seconds = seconds_since(start);
  }
};

}  // namespace

std::unique_ptr<Method> make_attribute_method() {
  return std::make_unique<AttributeMethod>();
}

}  // namespace emoforget::unlearn
