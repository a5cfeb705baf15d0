// What each unlearning method is and needs, listed once (method_registry.cpp): the
// one place that knows method names. Configs, cost estimates, tables and the demo
// ask these descriptors instead of comparing names.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "unlearn/variant.h"

namespace emoforget::unlearn {

// The samples one epoch of a method walks (for the cost of a run).
enum class EpochWalk {
  kForgetSet,       // the forget set alone (ranlab, neggrad)
  kRemainSet,       // the remain set, each batch paired with forget samples (remain)
  kAdversarialSet,  // the N*M adversarial samples, each batch paired with forget samples
  kFineTuning,      // a whole fine-tuning on the remain set (retrain)
};

struct MethodInfo {
  std::string name;                // the --method value
  std::string title;               // the row title of tables (the paper's, where it has one)
  std::string summary;             // one line for --help and docs
  bool runs_pgd = false;           // generates targeted-PGD samples; its radius tau is swept
  bool needs_fisher = false;       // anchors weights with the EWC penalty
  bool reads_remain_set = false;   // decodes training audio beyond the forget set
  bool needs_init = false;         // retrains from --init: the reference every audit compares with
  int table1_row = 0;              // 1-based row of the paper's Table 1; 0 = not in it
  bool table1_baseline = false;    // Table 1's stars test the proposed methods against it
  bool forgets_attribute = false;  // removes an attribute (--forget-attribute), not utterances
  EpochWalk walks = EpochWalk::kForgetSet;
  VariantChoice variant_defaults;  // how it departs from the paper unless told otherwise
  int64_t pgd_m = 0;               // its own M and P unless named (0: PgdConfig's, the paper's)
  int64_t pgd_p = 0;
};

// Every method `forget --method` accepts, the recommended one first.
const std::vector<MethodInfo>& method_infos();
// The descriptor of `name`, or nullptr when no method has that name.
const MethodInfo* find_method_info(const std::string& name);
// The descriptor of `name`; throws naming `flag` and the known names when unknown.
const MethodInfo& method_info(const std::string& name, const std::string& flag = "--method");
// As method_info, refusing a method that forgets an attribute (for lists of runs on
// utterance requests: benchmark, demo).
const MethodInfo& utterance_method_info(const std::string& name, const std::string& flag);
std::vector<std::string> method_names();
// The methods that forget utterances (every one but the attribute method): the default
// list of benchmark and demo.
std::vector<std::string> utterance_method_names();
// "adv-ewc, adv, ..." (for messages and help).
std::string method_names_text();
// The default --method of forget.
const std::string& default_method_name();
// The methods of the paper's Table 1, in its row order.
std::vector<std::string> table1_method_names();
// The retrained reference (the method that needs --init).
const MethodInfo& reference_method();
// The method of attribute requests (--forget-attribute).
const MethodInfo& attribute_method();
// The method a class request (--forget-class) runs when none is named: the paper's
// (unlearn/class_recipe.h gives its settings).
const MethodInfo& class_method();

}  // namespace emoforget::unlearn
