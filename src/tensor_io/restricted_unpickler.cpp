#include "tensor_io/restricted_unpickler.h"

#include <map>
#include <set>

#include "common/error.h"
#include "tensor_io/pickle_machine.h"
#include "tensor_io/tensor_dtype.h"

namespace emoforget::tensor_io {
namespace {

constexpr size_t kMaxTensorDims = 64;
using Kind = PickleKind;

bool is_allowed_global(const std::string& module, const std::string& name) {
  if (module == "collections") return name == "OrderedDict";
  if (module == "torch._utils") return name == "_rebuild_tensor_v2" || name == "_rebuild_parameter";
  if (module == "torch") return dtype_from_storage_class(name).has_value();
  return false;
}

// The view reads elements offset .. offset + sum((size - 1) * stride); all must lie in its
// storage. A view with no elements reads nothing. Checked once the tensor has its name.
void check_view(const PickledTensor& tensor, const std::string& source) {
  const auto fail = [&](const std::string& what) {
    throw Error("invalid pickle in " + source + ": tensor '" + tensor.name + "' " + what);
  };
  if (tensor.storage_offset < 0) {
    fail("has a negative storage offset " + std::to_string(tensor.storage_offset));
  }
  if (tensor.sizes.size() != tensor.strides.size()) {
    fail("has a size of " + std::to_string(tensor.sizes.size()) + " dimensions but a stride of " +
         std::to_string(tensor.strides.size()));
  }
  int64_t last = tensor.storage_offset;
  bool empty = false;
  for (size_t d = 0; d < tensor.sizes.size(); ++d) {
    if (tensor.sizes[d] == 0) empty = true;
    int64_t step = 0;
    if (tensor.sizes[d] > 0 &&
        (__builtin_mul_overflow(tensor.sizes[d] - 1, tensor.strides[d], &step) ||
         __builtin_add_overflow(last, step, &last))) {
      fail("is a view whose indices overflow 64 bits");
    }
  }
  if (!empty && last >= tensor.storage_numel) {
    fail("is a view that reaches element " + std::to_string(last) + " of a storage of " +
         std::to_string(tensor.storage_numel) + " elements (storage '" + tensor.storage_key + "')");
  }
}

// The pickle machine with the state-dict meaning of globals: OrderedDict() builds a
// dict, _rebuild_tensor_v2 a tensor view, a persistent id a storage; nothing else runs.
class Unpickler : public PickleMachine {
 public:
  using PickleMachine::PickleMachine;

  std::vector<PickledTensor> state_dict() { return collect(run()); }

 private:
  size_t on_global(const std::string& module, const std::string& name) override;
  size_t on_reduce(size_t callable, size_t args) override;
  size_t on_persistent_id(size_t pid) override;
  void on_build(size_t object, size_t state) override;

  size_t rebuild_tensor(const std::vector<size_t>& args);
  std::vector<int64_t> int_tuple(size_t id, const std::string& what);
  std::vector<PickledTensor> collect(size_t root);

  std::vector<PickledTensor> tensors_;
  std::map<std::string, std::pair<c10::ScalarType, int64_t>> storages_;
};

size_t Unpickler::on_global(const std::string& module, const std::string& name) {
  if (!is_allowed_global(module, name)) {
    throw Error("refusing to load global '" + module + "." + name + "' from " + source() +
                ": only tensors and state-dict containers are allowed");
  }
  PickleNode global;
  global.kind = Kind::kGlobal;
  global.text = module + "." + name;
  return add(std::move(global));
}

size_t Unpickler::on_reduce(size_t callable, size_t args) {
  const std::string function = expect(callable, Kind::kGlobal, "the callable of REDUCE").text;
  const std::vector<size_t> arguments = expect(args, Kind::kTuple, "the arguments of REDUCE").items;
  if (function == "collections.OrderedDict") {
    if (!arguments.empty()) fail("OrderedDict() is only supported without arguments");
    return add_container(Kind::kDict);
  }
  if (function == "torch._utils._rebuild_tensor_v2") return rebuild_tensor(arguments);
  if (function == "torch._utils._rebuild_parameter") {
    // (data, requires_grad, backward_hooks): the parameter is its data tensor.
    if (arguments.size() != 3) fail("_rebuild_parameter takes 3 arguments");
    expect(arguments[0], Kind::kTensor, "the data of _rebuild_parameter");
    expect(arguments[1], Kind::kBool, "requires_grad of _rebuild_parameter");
    return arguments[0];
  }
  fail("'" + function + "' cannot be called (it is a storage type)");
}

std::vector<int64_t> Unpickler::int_tuple(size_t id, const std::string& what) {
  const std::vector<size_t> items = expect(id, Kind::kTuple, what).items;
  if (items.size() > kMaxTensorDims) fail(what + " has more than 64 dimensions");
  std::vector<int64_t> values;
  for (const size_t item : items) {
    const int64_t value = expect(item, Kind::kInt, "an entry of " + what).number;
    if (value < 0) fail(what + " holds the negative value " + std::to_string(value));
    values.push_back(value);
  }
  return values;
}

// _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad,
// backward_hooks[, metadata]).
size_t Unpickler::rebuild_tensor(const std::vector<size_t>& args) {
  if (args.size() != 6 && args.size() != 7) {
    fail("_rebuild_tensor_v2 takes 6 or 7 arguments, found " + std::to_string(args.size()));
  }
  const PickleNode& storage = expect(args[0], Kind::kStorage, "the storage of _rebuild_tensor_v2");
  PickledTensor tensor;
  tensor.storage_key = storage.text;
  tensor.dtype = storage.dtype;
  tensor.storage_numel = storage.number;
  tensor.storage_offset = expect(args[1], Kind::kInt, "the storage offset").number;
  tensor.sizes = int_tuple(args[2], "the tensor size");
  tensor.strides = int_tuple(args[3], "the tensor stride");
  expect(args[4], Kind::kBool, "requires_grad of _rebuild_tensor_v2");
  if (!node(args[5]).items.empty() || node(args[5]).kind != Kind::kDict) {
    fail("tensors with backward hooks are not supported");
  }
  if (args.size() == 7 && node(args[6]).kind != Kind::kNone &&
      !(node(args[6]).kind == Kind::kDict && node(args[6]).items.empty())) {
    fail("tensors with extra metadata are not supported");
  }
  tensors_.push_back(std::move(tensor));
  PickleNode result;
  result.kind = Kind::kTensor;
  result.number = static_cast<int64_t>(tensors_.size() - 1);
  return add(std::move(result));
}

// The persistent id of a storage: ('storage', storage_type, key, location, numel).
size_t Unpickler::on_persistent_id(size_t pid) {
  const std::vector<size_t> items = expect(pid, Kind::kTuple, "a persistent id").items;
  if (items.size() != 5 || node(items[0]).kind != Kind::kString ||
      node(items[0]).text != "storage") {
    fail("a persistent id must be ('storage', type, key, location, numel)");
  }
  const std::string type = expect(items[1], Kind::kGlobal, "the storage type").text;
  const auto dtype = dtype_from_storage_class(type.substr(type.rfind('.') + 1));
  if (type.rfind("torch.", 0) != 0 || !dtype) fail("'" + type + "' is not a storage type");
  PickleNode storage;
  storage.kind = Kind::kStorage;
  storage.text = expect(items[2], Kind::kString, "the storage key").text;
  expect(items[3], Kind::kString, "the storage location");
  storage.number = expect(items[4], Kind::kInt, "the storage size").number;
  storage.dtype = *dtype;
  if (storage.text.empty() ||
      storage.text.find_first_not_of(
          "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_") != std::string::npos) {
    fail("the storage key '" + storage.text + "' is not a plain name");
  }
  if (storage.number < 0) fail("storage '" + storage.text + "' has a negative size");
  const auto [known, inserted] =
      storages_.emplace(storage.text, std::make_pair(*dtype, storage.number));
  if (!inserted && known->second != std::make_pair(*dtype, storage.number)) {
    fail("storage '" + storage.text + "' is declared twice with different types or sizes");
  }
  return add(std::move(storage));
}

// An OrderedDict state dict carries its `_metadata` attribute through BUILD; it only
// records module versions, so it is checked for shape and dropped.
void Unpickler::on_build(size_t object, size_t state) {
  expect(object, Kind::kDict, "the target of BUILD");
  expect(state, Kind::kDict, "the BUILD state");
}

std::vector<PickledTensor> Unpickler::collect(size_t root) {
  const PickleNode& dict = node(root);
  if (dict.kind != Kind::kDict) {
    throw Error("cannot read " + source() + ": the pickle holds a " + pickle_kind_name(dict.kind) +
                ", not a state dict {name: tensor}");
  }
  std::vector<PickledTensor> result;
  std::set<std::string> names;
  for (size_t i = 0; i + 1 < dict.items.size(); i += 2) {
    const PickleNode& key = node(dict.items[i]);
    const PickleNode& value = node(dict.items[i + 1]);
    if (key.kind != Kind::kString) {
      throw Error("cannot read " + source() + ": a state dict key is a " +
                  pickle_kind_name(key.kind) + ", not a str");
    }
    if (value.kind != Kind::kTensor) {
      throw Error("cannot read " + source() + ": entry '" + key.text + "' is a " +
                  pickle_kind_name(value.kind) +
                  ", not a tensor (only flat state dicts are supported)");
    }
    if (!names.insert(key.text).second) {
      throw Error("cannot read " + source() + ": tensor '" + key.text + "' appears twice");
    }
    PickledTensor tensor = tensors_[static_cast<size_t>(value.number)];
    tensor.name = key.text;
    check_view(tensor, source());
    result.push_back(std::move(tensor));
  }
  return result;
}

}  // namespace

std::vector<PickledTensor> unpickle_state_dict(const uint8_t* pickle, size_t size,
                                               const std::string& source) {
  return Unpickler(pickle, size, source).state_dict();
}

}  // namespace emoforget::tensor_io
