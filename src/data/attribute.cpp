#include "data/attribute.h"

#include <algorithm>
#include <set>

#include <torch/torch.h>

#include "common/error.h"

namespace emoforget::data {

std::string attribute_value(const Manifest& manifest, const Utterance& u, const std::string& name) {
  if (name == "gender") return u.gender;
  if (std::find(manifest.extra_columns.begin(), manifest.extra_columns.end(), name) ==
      manifest.extra_columns.end())
    throw Error("attribute '" + name + "': the manifest has no such column (gender or one of its " +
                "extra columns)");
  const auto it = u.extra.find(name);
  return it == u.extra.end() ? "" : it->second;
}

BinaryAttribute binary_attribute(const Manifest& manifest,
                                 const std::vector<const Utterance*>& utterances,
                                 const std::string& name) {
  BinaryAttribute attribute;
  attribute.name = name;
  std::set<std::string> seen;
  std::vector<std::string> raw;
  for (const Utterance* u : utterances) {
    raw.push_back(attribute_value(manifest, *u, name));
    if (raw.back().empty())
      throw Error("attribute '" + name + "': utterance " + u->utt_id + " has no value");
    seen.insert(raw.back());
    attribute.speakers.push_back(u->speaker);
  }
  if (seen.size() != 2)
    throw Error("attribute '" + name + "': needs exactly two values among the utterances, got " +
                std::to_string(seen.size()));
  attribute.values.assign(seen.begin(), seen.end());
  std::vector<int64_t> codes;
  for (const std::string& value : raw)
    codes.push_back(value == attribute.values[0] ? 0 : 1);
  attribute.codes = torch::tensor(codes, torch::kInt64);
  return attribute;
}

}  // namespace emoforget::data
