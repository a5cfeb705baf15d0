// The unlearning methods by name (the one interface `forget --method` goes through).
#include "common/error.h"
#include "unlearn/method.h"

namespace emoforget::unlearn {

std::unique_ptr<Method> make_ranlab_method();
std::unique_ptr<Method> make_adversarial_method(bool use_ewc);
std::unique_ptr<Method> make_remain_method();
std::unique_ptr<Method> make_neggrad_method();

std::vector<std::string> method_names() {
  return {"adv-ewc", "adv", "ranlab", "remain", "neggrad", "retrain"};
}

std::unique_ptr<Method> make_method(const std::string& name) {
  if (name == "adv-ewc") return make_adversarial_method(true);
  if (name == "adv") return make_adversarial_method(false);
  if (name == "ranlab") return make_ranlab_method();
  if (name == "remain") return make_remain_method();
  if (name == "neggrad") return make_neggrad_method();
  if (name == "retrain") throw Error("retrain is not a step-wise method: it runs as a fine-tuning");
  throw Error("unknown unlearning method '" + name + "'");
}

}  // namespace emoforget::unlearn
