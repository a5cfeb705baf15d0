// Method specs: a method with variant settings of its own for side-by-side comparison.
#include "unlearn/method_spec.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace emoforget::unlearn {
namespace {

std::string error_of(const std::string& text) {
  try {
    parse_method_spec(text);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(MethodSpec, APlainNameIsTheMethodAsItIs) {
  const MethodSpec spec = parse_method_spec("adv-ewc");
  EXPECT_EQ(spec.name, "adv-ewc");
  EXPECT_TRUE(spec.variant.to_json().empty());
  MethodSettings base;
  base.variant.lambda_kl = 0.3;
  EXPECT_EQ(spec.settings(base).variant.lambda_kl, 0.3);
}

TEST(MethodSpec, KeysSetTheVariantOverTheRunsSettings) {
  const MethodSpec spec =
      parse_method_spec("adv-ewc:importance=mas:anchor=complement:lambda-kl=0.5:until=heldout");
  EXPECT_EQ(spec.name, "adv-ewc");
  EXPECT_EQ(spec.info().name, "adv-ewc");
  MethodSettings base;
  base.variant.lambda_kl = 2.0;
  base.variant.optimizer = "sgd";
  const MethodSettings s = spec.settings(base);
  EXPECT_EQ(*s.variant.importance, "mas");
  EXPECT_EQ(*s.variant.anchor, "complement");
  EXPECT_DOUBLE_EQ(*s.variant.lambda_kl, 0.5) << "the spec's own value wins";
  EXPECT_EQ(*s.variant.optimizer, "sgd") << "the run's value stays where the spec is silent";
  EXPECT_EQ(*s.variant.until, "heldout");
  const MethodSpec all = parse_method_spec(
      "ranlab:optimizer=sgd:momentum=0.5:saliency=0.3:lr-scale=0.1:until-every=3:"
      "wrong-labels=nearest:lambda-heldout=2");
  EXPECT_EQ(*all.variant.wrong_labels, "nearest");
  EXPECT_DOUBLE_EQ(*all.variant.lambda_heldout, 2.0);
  EXPECT_DOUBLE_EQ(*all.settings({}).variant.lambda_heldout, 2.0);
  EXPECT_DOUBLE_EQ(*all.variant.momentum, 0.5);
  EXPECT_DOUBLE_EQ(*all.variant.saliency, 0.3);
  EXPECT_DOUBLE_EQ(*all.variant.lr_scale, 0.1);
  EXPECT_EQ(*all.variant.until_every, 3);
  EXPECT_EQ(*all.settings({}).variant.until_every, 3);
}

TEST(MethodSpec, MistakesNameTheSpecAndTheKey) {
  EXPECT_NE(error_of("magic:until=zero").find("unknown method 'magic'"), std::string::npos);
  EXPECT_NE(error_of("adv:speed=2").find("unknown key 'speed'"), std::string::npos);
  EXPECT_NE(error_of("adv:lambda-kl").find("'lambda-kl' is not KEY=VALUE"), std::string::npos);
  EXPECT_NE(error_of("adv:lambda-kl=x").find("lambda-kl: 'x' is not a number"), std::string::npos);
  EXPECT_NE(error_of("adv:lambda-heldout=-1").find("--lambda-heldout must be >= 0"),
            std::string::npos);
  EXPECT_NE(error_of("adv:until=later").find("adv:until=later: --until"), std::string::npos);
  EXPECT_NE(error_of("adv:").find("is not KEY=VALUE"), std::string::npos);
  EXPECT_NE(error_of("adv:until-every=1.5").find("not a whole number"), std::string::npos);
  EXPECT_NE(error_of("adv:until-every=-2").find("not a whole number"), std::string::npos);
}

}  // namespace
}  // namespace emoforget::unlearn
