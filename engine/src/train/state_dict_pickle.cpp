// LibTorch's own unpickler cannot read what torch.save(model.state_dict()) writes: it turns the
// collections.OrderedDict at the top into None (pytorch/pytorch#100741). This reads the handful of
// opcodes and globals a state dict is made of, and refuses everything else.
#include "train/state_dict_pickle.h"

#include "cnnwb/engine/core/error.h"

#include <ATen/ops/empty.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <string_view>

namespace cnnwb::engine {
namespace {

struct Items;

struct Value {
    enum class Kind { None, Bool, Int, BigInt, Float, Text, Global, Tuple, List, Dict, Storage, Tensor, Mark };
    Kind kind = Kind::None;
    std::int64_t integer = 0;
    std::string text;             ///< Text; Global "module.name"; BigInt its bytes
    std::shared_ptr<Items> items; ///< Tuple, List, Dict
    at::Tensor tensor;            ///< Storage (flat), Tensor

    static Value of(Kind kind) { return Value{.kind = kind, .items = std::make_shared<Items>()}; }
};

// A container's values (a dict's as key, value, key, value, ...). Once inside another container it
// is sealed: a state dict never changes one after that, and so nesting depth is known when a
// container is used and no container can come to hold itself. The depth is bounded, since freeing
// nested values recurses.
struct Items {
    std::vector<Value> values;
    int depth = 1;
    bool sealed = false;
};

constexpr int kMaxDepth = 100;

[[noreturn]] void fail(const std::string& message)
{
    throw Error(ErrorCode::InvalidData, message);
}

// torch.FloatStorage and its siblings: what the pickle calls a storage of each element type.
std::optional<at::ScalarType> storageType(std::string_view global)
{
    static const std::map<std::string_view, at::ScalarType> kTypes
        = {{"torch.FloatStorage", at::kFloat}, {"torch.DoubleStorage", at::kDouble}, {"torch.HalfStorage", at::kHalf},
            {"torch.BFloat16Storage", at::kBFloat16}, {"torch.LongStorage", at::kLong}, {"torch.IntStorage", at::kInt},
            {"torch.ShortStorage", at::kShort}, {"torch.CharStorage", at::kChar}, {"torch.ByteStorage", at::kByte},
            {"torch.BoolStorage", at::kBool}};
    const auto found = kTypes.find(global);
    return found == kTypes.end() ? std::nullopt : std::optional(found->second);
}

bool knownFunction(std::string_view global)
{
    return global == "collections.OrderedDict" || global == "torch._utils._rebuild_tensor_v2"
        || global == "torch._utils._rebuild_tensor" || global == "torch._utils._rebuild_parameter";
}

std::vector<std::int64_t> integers(const Value& tuple, const char* what)
{
    if (tuple.kind != Value::Kind::Tuple)
        fail(std::string("a tensor's ") + what + " is not a tuple");
    std::vector<std::int64_t> out;
    for (const Value& v : tuple.items->values) {
        if (v.kind != Value::Kind::Int || v.integer < 0)
            fail(std::string("a tensor's ") + what + " holds something other than a count");
        out.push_back(v.integer);
    }
    return out;
}

// The view _rebuild_tensor_v2 makes, after checking that it lies inside its storage.
at::Tensor viewOf(const Value& storage, const Value& offset, const Value& size, const Value& stride)
{
    if (storage.kind != Value::Kind::Storage || offset.kind != Value::Kind::Int || offset.integer < 0)
        fail("a tensor is rebuilt from something other than a storage");
    const std::vector<std::int64_t> sizes = integers(size, "size");
    const std::vector<std::int64_t> strides = integers(stride, "stride");
    if (sizes.size() != strides.size())
        fail("a tensor has " + std::to_string(sizes.size()) + " sizes but " + std::to_string(strides.size())
            + " strides");
    const std::int64_t limit = storage.tensor.numel();
    std::int64_t last = offset.integer;
    bool empty = false;
    for (std::size_t d = 0; d < sizes.size(); ++d) {
        empty |= sizes[d] == 0;
        if (sizes[d] > 0 && strides[d] > 0 && (sizes[d] - 1) > (limit - last) / strides[d])
            fail("a tensor reaches past the end of its storage");
        last += sizes[d] > 0 ? (sizes[d] - 1) * strides[d] : 0;
    }
    if (!empty && last >= limit)
        fail("a tensor reaches past the end of its storage");
    return storage.tensor.as_strided(sizes, strides, offset.integer);
}

class Reader {
public:
    Reader(std::span<const char> bytes, const StorageLoader& load)
        : m_bytes(bytes)
        , m_load(load)
    {
    }

    PickleRead run()
    {
        while (step(byte())) { }
        if (m_stack.size() != 1)
            fail("the pickle ends with " + std::to_string(m_stack.size()) + " values instead of one");
        return result(m_stack.back());
    }

private:
    // ---- input ----------------------------------------------------------------------------------
    std::string_view take(std::size_t count)
    {
        if (count > m_bytes.size() - m_at)
            fail("the file ends in the middle of its pickle (truncated?)");
        const std::string_view out(m_bytes.data() + m_at, count);
        m_at += count;
        return out;
    }
    std::uint8_t byte() { return static_cast<std::uint8_t>(take(1)[0]); }
    std::uint64_t little(int count)
    {
        const std::string_view b = take(static_cast<std::size_t>(count));
        std::uint64_t value = 0;
        for (int i = 0; i < count; ++i)
            value |= std::uint64_t{static_cast<unsigned char>(b[static_cast<std::size_t>(i)])} << (8 * i);
        return value;
    }
    std::string line()
    {
        const std::string_view rest(m_bytes.data() + m_at, m_bytes.size() - m_at);
        const std::size_t end = rest.find('\n');
        if (end == std::string_view::npos)
            fail("the file ends in the middle of its pickle (truncated?)");
        m_at += end + 1;
        return std::string(rest.substr(0, end));
    }

    // ---- stack and memo -------------------------------------------------------------------------
    Value pop()
    {
        if (m_stack.empty() || m_stack.back().kind == Value::Kind::Mark)
            fail("the pickle takes a value from an empty stack");
        Value v = std::move(m_stack.back());
        m_stack.pop_back();
        return v;
    }
    Value& top()
    {
        if (m_stack.empty())
            fail("the pickle takes a value from an empty stack");
        return m_stack.back();
    }
    std::vector<Value> popToMark()
    {
        std::size_t mark = m_stack.size();
        while (mark > 0 && m_stack[mark - 1].kind != Value::Kind::Mark)
            --mark;
        if (mark == 0)
            fail("the pickle closes a mark it never set");
        std::vector<Value> out(std::make_move_iterator(m_stack.begin() + static_cast<std::ptrdiff_t>(mark)),
            std::make_move_iterator(m_stack.end()));
        m_stack.resize(mark - 1);
        return out;
    }
    void put(std::uint64_t index)
    {
        // Python's pickler numbers what it stores 0, 1, 2, ...
        if (index > m_memo.size())
            fail("the pickle stores at memo index " + std::to_string(index) + " before "
                + std::to_string(m_memo.size()));
        if (index == m_memo.size())
            m_memo.emplace_back();
        m_memo[index] = top();
    }
    void get(std::uint64_t index)
    {
        if (index >= m_memo.size())
            fail("the pickle reads memo index " + std::to_string(index) + " that it never stored");
        // Containers are shared; strings are copied, and a pickle cannot copy more than a few
        // times its size by reading what it stored (a state dict's names are read once or twice).
        m_copied += m_memo[index].text.size();
        if (m_copied > 4 * m_bytes.size() + (std::size_t{1} << 20))
            fail("the pickle repeats its strings far more often than a state dict does");
        m_stack.push_back(m_memo[index]);
    }
    void push(Value v) { m_stack.push_back(std::move(v)); }
    void pushInt(std::int64_t v) { push(Value{.kind = Value::Kind::Int, .integer = v}); }
    void tuple(std::vector<Value> items)
    {
        Value t = Value::of(Value::Kind::Tuple);
        insert(t, std::move(items));
        push(std::move(t));
    }
    std::vector<Value> popN(std::size_t n)
    {
        std::vector<Value> out(n);
        for (std::size_t i = n; i > 0; --i)
            out[i - 1] = pop();
        return out;
    }

    // ---- opcodes --------------------------------------------------------------------------------
    // One opcode; false at STOP. Each group says whether the opcode is one of its own.
    bool step(std::uint8_t op)
    {
        if (op == '.')
            return false;
        if (op == 0x80) { // PROTO
            byte();
            return true;
        }
        if (!scalar(op) && !container(op) && !memo(op) && !call(op))
            fail("the pickle uses opcode 0x" + hex(op) + ", which a state dict does not (is it one?)");
        return true;
    }

    // Each group below has an opcode a line.
    // clang-format off
    // Marks, None, booleans, integers, strings and the global names.
    bool scalar(std::uint8_t op)
    {
        switch (op) {
        case '(': push(Value{.kind = Value::Kind::Mark}); break;
        case 'N': push(Value{}); break;
        case 0x88: push(Value{.kind = Value::Kind::Bool, .integer = 1}); break;
        case 0x89: push(Value{.kind = Value::Kind::Bool, .integer = 0}); break;
        case 'K': pushInt(static_cast<std::int64_t>(little(1))); break;
        case 'M': pushInt(static_cast<std::int64_t>(little(2))); break;
        case 'J': pushInt(static_cast<std::int32_t>(static_cast<std::uint32_t>(little(4)))); break;
        case 0x8a: long1(); break;
        case 'G': take(8); push(Value{.kind = Value::Kind::Float}); break; // BINFLOAT: not in a state dict
        case 'X': case 'T': text(little(4)); break;                        // BINUNICODE, BINSTRING
        case 0x8c: case 'U': text(little(1)); break;                       // SHORT_BINUNICODE, SHORT_BINSTRING
        case 'c': global(); break;
        default: return false;
        }
        return true;
    }

    // Tuples, lists and dicts.
    bool container(std::uint8_t op)
    {
        switch (op) {
        case ')': tuple({}); break;
        case 0x85: tuple(popN(1)); break;
        case 0x86: tuple(popN(2)); break;
        case 0x87: tuple(popN(3)); break;
        case 't': tuple(popToMark()); break;
        case '}': push(Value::of(Value::Kind::Dict)); break;
        case ']': push(Value::of(Value::Kind::List)); break;
        case 'a': append(popN(1)); break;
        case 'e': append(popToMark()); break;
        case 's': setItems(popN(2)); break;
        case 'u': setItems(popToMark()); break;
        default: return false;
        }
        return true;
    }

    bool memo(std::uint8_t op)
    {
        switch (op) {
        case 'q': put(little(1)); break;
        case 'r': put(little(4)); break;
        case 0x94: put(m_memo.size());
            break; // MEMOIZE
        case 'h': get(little(1)); break;
        case 'j': get(little(4)); break;
        default: return false;
        }
        return true;
    }

    // Storages, the functions that rebuild tensors and dicts, and BUILD, whose state (an
    // OrderedDict's _metadata, the modules' versions) a state dict's tensors do not need.
    bool call(std::uint8_t op)
    {
        switch (op) {
        case 'Q': persistentLoad(pop()); break;
        case 'R': reduce(); break;
        case 'b': pop(); break;
        default: return false;
        }
        return true;
    }
    // clang-format on

    static std::string hex(std::uint8_t op)
    {
        constexpr std::string_view kDigits = "0123456789abcdef";
        return {kDigits[op >> 4], kDigits[op & 15]};
    }

    void long1()
    {
        const auto count = static_cast<std::size_t>(little(1));
        const std::string_view b = take(count);
        if (count > 8) {
            push(Value{.kind = Value::Kind::BigInt, .text = std::string(b)});
            return;
        }
        std::uint64_t value = 0;
        for (std::size_t i = 0; i < count; ++i)
            value |= std::uint64_t{static_cast<unsigned char>(b[i])} << (8 * i);
        if (count > 0 && count < 8 && (static_cast<unsigned char>(b[count - 1]) & 0x80) != 0)
            value |= ~std::uint64_t{0} << (8 * count); // negative: sign-extend
        pushInt(static_cast<std::int64_t>(value));
    }

    void text(std::uint64_t length) { push(Value{.kind = Value::Kind::Text, .text = std::string(take(length))}); }

    void global()
    {
        const std::string module = line();
        const std::string name = line();
        const std::string full = module + "." + name;
        if (!knownFunction(full) && !storageType(full))
            fail("it holds a pickled Python object (" + full
                + "), not a state dict: save the weights with torch.save(model.state_dict(), FILE)");
        push(Value{.kind = Value::Kind::Global, .text = full});
    }

    void append(std::vector<Value> items)
    {
        if (top().kind != Value::Kind::List)
            fail("the pickle appends to something other than a list");
        insert(top(), std::move(items));
    }

    void setItems(std::vector<Value> pairs)
    {
        if (top().kind != Value::Kind::Dict || pairs.size() % 2 != 0)
            fail("the pickle sets items on something other than a dict");
        insert(top(), std::move(pairs));
    }

    // Puts `values` into `container`, sealing the containers among them.
    static void insert(Value& container, std::vector<Value> values)
    {
        Items& into = *container.items;
        if (into.sealed)
            fail("the pickle changes a container after using it, which a state dict does not");
        for (Value& v : values) {
            if (v.items) {
                if (v.items == container.items)
                    fail("the pickle puts a container into itself");
                v.items->sealed = true;
                into.depth = std::max(into.depth, v.items->depth + 1);
                if (into.depth > kMaxDepth)
                    fail("the pickle nests containers " + std::to_string(into.depth) + " deep");
            }
            into.values.push_back(std::move(v));
        }
    }

    // ('storage', torch.FloatStorage, key, location, numel[, view metadata of the legacy format])
    void persistentLoad(const Value& id)
    {
        const std::vector<Value>* f = id.kind == Value::Kind::Tuple ? &id.items->values : nullptr;
        if (f == nullptr || f->size() < 5 || (*f)[0].text != "storage" || (*f)[1].kind != Value::Kind::Global
            || (*f)[2].kind != Value::Kind::Text || (*f)[4].kind != Value::Kind::Int || (*f)[4].integer < 0)
            fail("the pickle refers to something other than a tensor storage");
        const std::optional<at::ScalarType> dtype = storageType((*f)[1].text);
        if (!dtype)
            fail("a storage has type " + (*f)[1].text + ", which is not one");
        if (f->size() > 5 && (*f)[5].kind != Value::Kind::None)
            fail("a storage is a view of another (a format from before PyTorch 0.4), which is not read");
        const auto found = m_storages.find((*f)[2].text);
        Value storage{.kind = Value::Kind::Storage};
        storage.tensor = found != m_storages.end() ? found->second : m_load((*f)[2].text, *dtype, (*f)[4].integer);
        m_storages.emplace((*f)[2].text, storage.tensor);
        push(std::move(storage));
    }

    void reduce()
    {
        const Value args = pop();
        const Value function = pop();
        if (function.kind != Value::Kind::Global || args.kind != Value::Kind::Tuple)
            fail("the pickle calls something other than a known function");
        const std::vector<Value>& a = args.items->values;
        if (function.text == "collections.OrderedDict") {
            push(Value::of(Value::Kind::Dict));
        } else if (function.text == "torch._utils._rebuild_parameter") {
            if (a.empty() || a[0].kind != Value::Kind::Tensor)
                fail("a parameter is rebuilt from something other than a tensor");
            push(a[0]);
        } else if (function.text.starts_with("torch._utils._rebuild_tensor")) {
            if (a.size() < 4)
                fail("a tensor is rebuilt from " + std::to_string(a.size()) + " values instead of at least 4");
            push(Value{.kind = Value::Kind::Tensor, .tensor = viewOf(a[0], a[1], a[2], a[3])});
        } else {
            fail("the pickle calls " + function.text + ", which a state dict does not");
        }
    }

    // ---- the result -----------------------------------------------------------------------------
    static bool isTensorDict(const Value& v)
    {
        if (v.kind != Value::Kind::Dict || v.items->values.empty())
            return false;
        for (std::size_t i = 0; i < v.items->values.size(); i += 2)
            if (v.items->values[i].kind != Value::Kind::Text || v.items->values[i + 1].kind != Value::Kind::Tensor)
                return false;
        return true;
    }

    // A state dict, or one inside a dict of other things (torch.save({"model": model.state_dict(),
    // "epoch": 3}) is common): the one value that is a dict of tensors.
    static const Value* stateDictIn(const Value& v)
    {
        if (isTensorDict(v))
            return &v;
        if (v.kind != Value::Kind::Dict)
            return nullptr;
        const Value* found = nullptr;
        for (std::size_t i = 1; i < v.items->values.size(); i += 2)
            if (isTensorDict(v.items->values[i])) {
                if (found != nullptr)
                    fail("it holds more than one set of tensors (a model's and an optimizer's?); save only "
                         "model.state_dict()");
                found = &v.items->values[i];
            }
        return found;
    }

    PickleRead result(const Value& root) const
    {
        PickleRead out;
        out.end = m_at;
        if (root.kind == Value::Kind::Int) {
            out.integer = root.integer;
        } else if (root.kind == Value::Kind::BigInt) {
            out.bigInteger = root.text;
        } else if (root.kind == Value::Kind::List) {
            for (const Value& v : root.items->values)
                out.strings.push_back(v.text);
        } else if (const Value* dict = stateDictIn(root)) {
            for (std::size_t i = 0; i < dict->items->values.size(); i += 2)
                out.tensors.emplace_back(dict->items->values[i].text, dict->items->values[i + 1].tensor);
        } else if (root.kind == Value::Kind::Dict) {
            out.otherDict = true;
        } else {
            fail("it does not hold a dict of tensors, as torch.save(model.state_dict(), FILE) writes");
        }
        return out;
    }

    std::span<const char> m_bytes;
    const StorageLoader& m_load;
    std::size_t m_at = 0;
    std::vector<Value> m_stack;
    std::vector<Value> m_memo;
    std::size_t m_copied = 0; ///< bytes of strings copied out of the memo
    std::map<std::string, at::Tensor> m_storages;
};

} // namespace

PickleRead readStateDictPickle(std::span<const char> bytes, const StorageLoader& load)
{
    return Reader(bytes, load).run();
}

} // namespace cnnwb::engine
