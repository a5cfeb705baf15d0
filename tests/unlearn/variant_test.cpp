// The variant flags: parsing, validation, resolution against a method's defaults and
// the flags reproduce passes on.
#include "unlearn/variant.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace emoforget::unlearn {
namespace {

TEST(Variant, UnsetIsThePapersMethod) {
  const Variant v = resolve_variant({}, {});
  EXPECT_TRUE(v.is_paper());
  EXPECT_EQ(v.to_json()["importance"], "fisher");
  EXPECT_EQ(v.to_json()["until"], "none");
}

TEST(Variant, GivenFieldsWinOverTheMethodsDefaults) {
  VariantChoice defaults;
  defaults.optimizer = "sgd";
  defaults.lambda_kl = 2.0;
  defaults.until = "heldout";
  VariantChoice given;
  given.lambda_kl = 0.5;
  given.anchor = "complement";
  const Variant v = resolve_variant(given, defaults);
  EXPECT_EQ(v.optimizer, OptimizerKind::kSgd);
  EXPECT_DOUBLE_EQ(v.lambda_kl, 0.5);
  EXPECT_EQ(v.anchor, AnchorDirection::kComplement);
  EXPECT_EQ(v.until.kind, StopRule::Kind::kHeldOut);
  EXPECT_EQ(v.importance, ImportanceMeasure::kFisher);
  EXPECT_FALSE(v.is_paper());
}

TEST(Variant, StopRulesParse) {
  EXPECT_EQ(StopRule::parse("none").kind, StopRule::Kind::kNone);
  EXPECT_EQ(StopRule::parse("zero").kind, StopRule::Kind::kZero);
  EXPECT_EQ(StopRule::parse("heldout").kind, StopRule::Kind::kHeldOut);
  const StopRule confidence = StopRule::parse("heldout-confidence");
  EXPECT_EQ(confidence.kind, StopRule::Kind::kHeldOutConfidence);
  EXPECT_EQ(confidence.text(), "heldout-confidence");
  EXPECT_TRUE(confidence.reads_held_out());
  EXPECT_FALSE(StopRule::parse("zero").reads_held_out());
  const StopRule value = StopRule::parse("0.25");
  EXPECT_EQ(value.kind, StopRule::Kind::kValue);
  EXPECT_DOUBLE_EQ(value.value, 0.25);
  EXPECT_EQ(value.text(), "0.25");
  for (const char* bad : {"", "1.5", "-0.1", "0.3x", "soon"})
    EXPECT_THROW(StopRule::parse(bad), Error) << bad;
}

TEST(Variant, BadValuesNameTheirFlag) {
  const auto message = [](VariantChoice v) {
    try {
      v.validate();
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  VariantChoice v;
  v.importance = "grad";
  EXPECT_NE(message(v).find("--importance"), std::string::npos);
  v = {};
  v.anchor = "all";
  EXPECT_NE(message(v).find("--anchor"), std::string::npos);
  v = {};
  v.optimizer = "rmsprop";
  EXPECT_NE(message(v).find("--optimizer"), std::string::npos);
  v = {};
  v.momentum = 1.0;
  EXPECT_NE(message(v).find("--momentum"), std::string::npos);
  v = {};
  v.lambda_kl = -1;
  EXPECT_NE(message(v).find("--lambda-kl"), std::string::npos);
  v = {};
  v.lambda_heldout = -0.5;
  EXPECT_NE(message(v).find("--lambda-heldout"), std::string::npos);
  v = {};
  v.saliency = 0.0;
  EXPECT_NE(message(v).find("--saliency"), std::string::npos);
  v = {};
  v.lr_scale = 0.0;
  EXPECT_NE(message(v).find("--lr-scale"), std::string::npos);
  v = {};
  v.wrong_labels = "closest";
  EXPECT_NE(message(v).find("--wrong-labels"), std::string::npos);
  v = {};
  v.until = "later";
  EXPECT_NE(message(v).find("--until"), std::string::npos);
  v = {};
  v.until_every = -1;
  EXPECT_NE(message(v).find("--until-every"), std::string::npos);
}

TEST(Variant, FlagsCarryExactlyTheFieldsGiven) {
  VariantChoice v;
  EXPECT_TRUE(v.to_flags().empty());
  v.importance = "mas";
  v.lambda_kl = 0.1;
  v.lr_scale = 0.25;
  v.until = "0.3";
  v.until_every = 4;
  const std::vector<std::string> expected = {"--importance",  "mas",  "--lambda-kl", "0.1",
                                             "--lr-scale",    "0.25", "--until",     "0.3",
                                             "--until-every", "4"};
  EXPECT_EQ(v.to_flags(), expected);
  EXPECT_EQ(v.to_json().size(), 5u);
  EXPECT_EQ(resolve_variant(v, {}).until_every, 4);
  EXPECT_EQ(resolve_variant({}, {}).until_every, 1) << "the rule is checked after every step";
  EXPECT_DOUBLE_EQ(resolve_variant(v, {}).lr_scale, 0.25);
  EXPECT_DOUBLE_EQ(resolve_variant({}, {}).lr_scale, 1.0) << "the paper's rate by default";
}

TEST(Variant, DistillationOnTheHeldOutSplitReadsIt) {
  VariantChoice v;
  v.lambda_heldout = 2.0;
  const std::vector<std::string> expected = {"--lambda-heldout", "2"};
  EXPECT_EQ(v.to_flags(), expected);
  EXPECT_DOUBLE_EQ(v.to_json()["lambda_heldout"].get<double>(), 2.0);
  const Variant resolved = resolve_variant(v, {});
  EXPECT_DOUBLE_EQ(resolved.lambda_heldout, 2.0);
  EXPECT_TRUE(resolved.reads_held_out()) << "it reads the held-out split without a stop rule";
  EXPECT_FALSE(resolved.until.reads_held_out());
  EXPECT_FALSE(resolved.is_paper());
  EXPECT_FALSE(resolve_variant({}, {}).reads_held_out());
  EXPECT_DOUBLE_EQ(resolve_variant({}, {}).lambda_heldout, 0.0) << "off by default";
}

TEST(Variant, WrongLabelsRandomByDefaultNearestOnRequest) {
  EXPECT_EQ(resolve_variant({}, {}).wrong_labels, WrongLabels::kRandom);
  VariantChoice v;
  v.wrong_labels = "nearest";
  const Variant nearest = resolve_variant(v, {});
  EXPECT_EQ(nearest.wrong_labels, WrongLabels::kNearest);
  EXPECT_FALSE(nearest.is_paper());
  EXPECT_EQ(nearest.to_json()["wrong_labels"], "nearest");
  const std::vector<std::string> flags = {"--wrong-labels", "nearest"};
  EXPECT_EQ(v.to_flags(), flags);
  v.wrong_labels = "random";
  EXPECT_TRUE(resolve_variant(v, {}).is_paper());
  v.wrong_labels = "soft";
  const Variant soft = resolve_variant(v, {});
  EXPECT_EQ(soft.wrong_labels, WrongLabels::kSoft);
  EXPECT_FALSE(soft.is_paper());
  EXPECT_EQ(soft.to_json()["wrong_labels"], "soft");
  v.wrong_labels = "lower";
  const Variant lower = resolve_variant(v, {});
  EXPECT_EQ(lower.wrong_labels, WrongLabels::kLower);
  EXPECT_FALSE(lower.is_paper());
  EXPECT_EQ(lower.to_json()["wrong_labels"], "lower");
  v.wrong_labels = "shadow";
  EXPECT_THROW(resolve_variant(v, {}), Error);
}

}  // namespace
}  // namespace emoforget::unlearn
