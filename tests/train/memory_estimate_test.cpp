// The memory estimate: parameters counted from the shape match the built model, the
// activations grow with the batch and the clip, a backward pass keeps more than scoring,
// and a run over the limit is refused with the figures and what to lower.
#include "train/memory_estimate.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "common/memory_limit.h"
#include "model/sequence_classifier.h"
#include "support/mini_model.h"

namespace emoforget::train {
namespace {

model::ModelConfig with_labels(model::ModelConfig config) {
  config.id2label = {"anger", "happiness", "neutral", "sadness"};
  return config;
}

TEST(MemoryEstimate, ParametersCountedFromTheShapeMatchTheBuiltModel) {
  for (const model::ModelConfig& config : {with_labels(model::ModelConfig::preset("tiny")),
                                           with_labels(model::ModelConfig::preset("base")),
                                           testing::mini_model_config({"a", "b", "c"})}) {
    model::SequenceClassifier model(config);
    EXPECT_EQ(parameter_count(config), model->num_parameters()) << config.describe();
  }
}

TEST(MemoryEstimate, ActivationsGrowWithBatchAndClipAndABackwardPassKeepsMore) {
  const model::ModelConfig base = with_labels(model::ModelConfig::preset("base"));
  const int64_t one = activation_bytes(base, 1, 48000, Pass::kTraining);
  EXPECT_EQ(activation_bytes(base, 4, 48000, Pass::kTraining), 4 * one);
  EXPECT_GT(activation_bytes(base, 1, 96000, Pass::kTraining), 2 * one * 9 / 10);
  EXPECT_GT(one, 5 * activation_bytes(base, 1, 48000, Pass::kInference));
  // wav2vec2-base keeps well over 100 MB per 3 s clip for a backward pass.
  EXPECT_GT(one, 100LL << 20);
  EXPECT_LT(one, 4LL << 30);
}

TEST(MemoryEstimate, ARunOverTheLimitIsRefusedWithItsFigures) {
  const model::ModelConfig base = with_labels(model::ModelConfig::preset("base"));
  MemoryEstimate e = base_estimate(base, 1, true);
  e.activations = activation_bytes(base, 256, 480000, Pass::kTraining);
  e.pass = "training on " + batch_text(256, 30);
  EXPECT_GT(e.total(), 1LL << 40);  // over a TiB
  try {
    check_memory_fits(e, "fine-tuning");
    FAIL() << "not refused";
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.find("fine-tuning needs about "), 0u) << message;
    EXPECT_NE(message.find("training on batches of 256 clips of 30 s"), std::string::npos)
        << message;
    EXPECT_NE(message.find("is allowed (available memory); lower --batch or --max-seconds, or "
                           "set --max-memory"),
              std::string::npos)
        << message;
  }
  set_memory_limit(e.total() + 1);
  EXPECT_NO_THROW(check_memory_fits(e, "fine-tuning"));
  set_memory_limit(0);
}

}  // namespace
}  // namespace emoforget::train
