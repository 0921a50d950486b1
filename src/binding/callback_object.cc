#include "src/binding/callback_object.h"

#include <cmath>
#include <exception>
#include <functional>
#include <memory>
#include <new>
#include <utility>

#include "src/binding/addon_data.h"
#include "src/binding/cloned_value.h"
#include "src/binding/token_table.h"
#include "tscb/napi/env_registry.h"
#include "tscb/napi/js.h"

namespace tscb {
namespace binding {

namespace js = tscb::detail::js;

namespace {

// Which JS class a constructor call is for: the define-class data pointer.
const int kOwnerClassTag = 1;
const int kHandleClassTag = 2;

void* ClassTag(const int& tag) { return const_cast<int*>(&tag); }

const char* ClassName(bool owner) {
  return owner ? "ThreadSafeCallback" : "ThreadSafeCallbackHandle";
}

// Runs `body` and turns any C++ exception into a JS one (when JS can still
// run): nothing unwinds into Node-API.
template <class Body>
napi_value Guard(napi_env env, Body&& body) noexcept {
  try {
    return body();
  } catch (const Napi::Error& error) {
    try {
      napi_value value = error.Value();
      if (value != nullptr) napi_throw(env, value);
    } catch (...) {  // the environment is terminating: nothing to report to
    }
  } catch (const std::exception& error) {
    napi_throw_error(env, nullptr, error.what());
  } catch (...) {
    napi_throw_error(env, nullptr, "threadsafe-callback: unknown C++ exception");
  }
  return nullptr;
}

bool IsType(napi_env env, napi_value value, napi_valuetype expected) {
  return value != nullptr && js::TypeOf(env, value) == expected;
}

// An optional count from lib/: undefined (0, the default) or an integer >= min.
bool CountArgument(napi_env env, napi_value value, double min, const char* name,
                   std::size_t* count) {
  *count = 0;
  if (IsType(env, value, napi_undefined)) return true;
  double number = 0;
  if (!IsType(env, value, napi_number) || napi_get_value_double(env, value, &number) != napi_ok) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", name);
    return false;
  }
  if (!(number >= min) || std::floor(number) != number || number > 9007199254740991.0) {
    napi_throw_range_error(env, "ERR_OUT_OF_RANGE", name);
    return false;
  }
  *count = static_cast<std::size_t>(number);
  return true;
}

napi_value StatsObject(napi_env env, const tscb::Stats& stats);
std::function<void(Napi::Env, const tscb::Stats&, tscb::FinishReason)> FinishListener(
    napi_env env, napi_value listener);

}  // namespace

bool CallbackObject::Define(napi_env env, AddonData& data, napi_value exports) {
  constexpr napi_property_attributes kMethod = napi_default_method;
  constexpr napi_property_attributes kGetter = napi_configurable;
  const napi_property_descriptor owner_members[] = {
      {"call", nullptr, Call, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"close", nullptr, Close, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"closed", nullptr, nullptr, Closed, nullptr, nullptr, kGetter, nullptr},
      {"pending", nullptr, nullptr, Pending, nullptr, nullptr, kGetter, nullptr},
      {"stats", nullptr, GetStats, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"ref", nullptr, Ref, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"unref", nullptr, Unref, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"share", nullptr, Share, nullptr, nullptr, nullptr, kMethod, nullptr},
  };
  const napi_property_descriptor handle_members[] = {
      {"call", nullptr, Call, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"release", nullptr, Release, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"closed", nullptr, nullptr, Closed, nullptr, nullptr, kGetter, nullptr},
      {"pending", nullptr, nullptr, Pending, nullptr, nullptr, kGetter, nullptr},
      {"share", nullptr, Share, nullptr, nullptr, nullptr, kMethod, nullptr},
  };
  napi_value owner = nullptr;
  napi_value handle = nullptr;
  if (napi_define_class(env, ClassName(true), NAPI_AUTO_LENGTH, Construct,
                        ClassTag(kOwnerClassTag), sizeof(owner_members) / sizeof(owner_members[0]),
                        owner_members, &owner) != napi_ok ||
      napi_define_class(env, ClassName(false), NAPI_AUTO_LENGTH, Construct,
                        ClassTag(kHandleClassTag),
                        sizeof(handle_members) / sizeof(handle_members[0]), handle_members,
                        &handle) != napi_ok ||
      napi_set_named_property(env, exports, "ThreadSafeCallback", owner) != napi_ok) {
    return false;
  }
  data.SetHandleClass(handle);
  return true;
}

// ---- construction and lifetime ------------------------------------------------

napi_value CallbackObject::Construct(napi_env env, napi_callback_info info) {
  return Guard(env, [&]() -> napi_value {
    size_t argc = 7;
    napi_value argv[7];
    napi_value self = nullptr;
    void* tag = nullptr;
    napi_value new_target = nullptr;
    if (napi_get_cb_info(env, info, &argc, argv, &self, &tag) != napi_ok ||
        napi_get_new_target(env, info, &new_target) != napi_ok) {
      return nullptr;
    }
    const bool owner = tag != ClassTag(kHandleClassTag);
    if (new_target == nullptr) {
      napi_throw_type_error(env, nullptr,
                            owner ? "Class constructor ThreadSafeCallback cannot be invoked without 'new'"
                                  : "Illegal constructor");
      return nullptr;
    }
    AddonData* data = AddonData::Of(env);
    if (data == nullptr) return nullptr;
    if (!owner && (argc != 1 || !data->IsHandleSentinel(argv[0]))) {
      napi_throw_type_error(env, nullptr,
                            "Illegal constructor: handles come from ThreadSafeCallback.fromShared()");
      return nullptr;
    }
    std::unique_ptr<CallbackObject> object(
        new CallbackObject(env, data, owner ? Kind::kOwner : Kind::kHandle));
    if (owner && !object->ConstructOwner(argv)) return nullptr;
    if (napi_wrap(env, self, object.get(), &CallbackObject::Finalize, nullptr, nullptr) != napi_ok) {
      return nullptr;  // dropping `object` releases the callback gracefully
    }
    object.release()->HookTeardown();  // from now on, teardown drops the reference too
    return self;
  });
}

bool CallbackObject::ConstructOwner(const napi_value* argv) {
  if (!IsType(env_, argv[0], napi_function)) {
    napi_throw_type_error(env_, "ERR_INVALID_ARG_TYPE", "fn must be a function");
    return false;
  }
  tscb::Options options;
  if (!CountArgument(env_, argv[2], 0, "maxQueueSize", &options.max_queue_size) ||
      !CountArgument(env_, argv[4], 1, "drainLimit", &options.drain_limit)) {
    return false;
  }
  if (!IsType(env_, argv[3], napi_undefined)) {
    int32_t code = -1;
    if (IsType(env_, argv[3], napi_number)) napi_get_value_int32(env_, argv[3], &code);
    switch (code) {
      case 0: options.keep_alive = tscb::KeepAlive::kAlways; break;
      case 1: options.keep_alive = tscb::KeepAlive::kWhilePending; break;
      case 2: options.keep_alive = tscb::KeepAlive::kNever; break;
      default:
        napi_throw_type_error(env_, "ERR_INVALID_ARG_VALUE", "keepAlive");
        return false;
    }
  }
  if (!IsType(env_, argv[5], napi_undefined)) {
    if (!IsType(env_, argv[5], napi_function)) {
      napi_throw_type_error(env_, "ERR_INVALID_ARG_TYPE", "onError must be a function");
      return false;
    }
    options.on_error = Napi::Function(env_, argv[5]);
  }
  if (!IsType(env_, argv[6], napi_undefined)) {
    if (!IsType(env_, argv[6], napi_function)) {
      napi_throw_type_error(env_, "ERR_INVALID_ARG_TYPE", "onFinished must be a function");
      return false;
    }
    options.on_finished = FinishListener(env_, argv[6]);
    if (!options.on_finished) return false;
  }
  callback_ = tscb::ThreadSafeCallback::New(Napi::Function(env_, argv[0]),
                                            Napi::Value(env_, argv[1]), options);
  if (callback_.IsClosed()) {  // New() gives an open callback or an empty handle
    bool pending = false;
    if (napi_is_exception_pending(env_, &pending) == napi_ok && !pending) {
      napi_throw_error(env_, nullptr, "ThreadSafeCallback: the callback could not be created");
    }
    return false;
  }
  return true;
}

CallbackObject::~CallbackObject() {
  tscb::detail::EnvRegistry::RemoveHook(env_, teardown_hook_);
  // callback_'s destructor drops the reference (a graceful release when it
  // was the last one).
}

void CallbackObject::Finalize(napi_env, void* self, void*) {
  delete static_cast<CallbackObject*>(self);
}

void CallbackObject::Hold(tscb::ThreadSafeCallback callback) {
  callback_ = std::move(callback);
  HookTeardown();
}

void CallbackObject::HookTeardown() {
  if (teardown_hook_ != 0) return;
  teardown_hook_ = tscb::detail::EnvRegistry::AddHook(env_, [this](napi_env, tscb::EnvKind) {
    teardown_hook_ = 0;  // it ran: nothing to remove later
    callback_ = tscb::ThreadSafeCallback();
  });
}

void CallbackObject::Drop() {
  tscb::detail::EnvRegistry::RemoveHook(env_, std::exchange(teardown_hook_, 0));
  callback_ = tscb::ThreadSafeCallback();
}

CallbackObject* CallbackObject::Unwrap(napi_env env, napi_value self, const Kind* kind) {
  void* wrapped = nullptr;
  const napi_status status = napi_unwrap(env, self, &wrapped);
  if (status == napi_pending_exception) return nullptr;  // terminating, or already throwing
  auto* object = static_cast<CallbackObject*>(wrapped);
  if (status != napi_ok || object == nullptr || (kind != nullptr && object->kind_ != *kind)) {
    const bool owner = kind == nullptr || *kind == Kind::kOwner;
    napi_throw_type_error(env, "ERR_INVALID_THIS",
                          owner ? "Value of \"this\" must be of type ThreadSafeCallback"
                                : "Value of \"this\" must be of type ThreadSafeCallbackHandle");
    return nullptr;
  }
  return object;
}

CallbackObject* CallbackObject::This(napi_env env, napi_callback_info info, napi_value* self,
                                     const Kind* kind) {
  size_t argc = 0;
  napi_value this_value = nullptr;
  if (napi_get_cb_info(env, info, &argc, nullptr, &this_value, nullptr) != napi_ok) return nullptr;
  if (self != nullptr) *self = this_value;
  return Unwrap(env, this_value, kind);
}

napi_value CallbackObject::Redeem(napi_env env, napi_callback_info info) {
  return Guard(env, [&]() -> napi_value {
    size_t argc = 1;
    napi_value token = nullptr;
    if (napi_get_cb_info(env, info, &argc, &token, nullptr, nullptr) != napi_ok) return nullptr;
    std::string text;
    uint64_t id = 0;
    if (!TokenTable::Read(env, token, &text, &id)) {
      napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE",
                            "The \"token\" argument must be a token returned by "
                            "ThreadSafeCallback#share()");
      return nullptr;
    }
    AddonData* data = AddonData::Of(env);
    napi_value sentinel = data != nullptr ? data->HandleSentinel() : nullptr;
    napi_value handle = nullptr;
    if (sentinel == nullptr ||
        napi_new_instance(env, data->HandleClass(), 1, &sentinel, &handle) != napi_ok) {
      return nullptr;
    }
    const Kind kind = Kind::kHandle;
    CallbackObject* object = Unwrap(env, handle, &kind);
    if (object == nullptr) return nullptr;
    object->token_ = std::move(text);
    object->Hold(TokenTable::Redeem(id));
    return handle;
  });
}

// ---- both classes ----------------------------------------------------------------

napi_value CallbackObject::Call(napi_env env, napi_callback_info info) {
  return Guard(env, [&]() -> napi_value {
    constexpr std::size_t kInlineArgs = 8;
    napi_value inline_argv[kInlineArgs];
    std::size_t argc = kInlineArgs;
    napi_value self = nullptr;
    if (napi_get_cb_info(env, info, &argc, inline_argv, &self, nullptr) != napi_ok) return nullptr;
    std::unique_ptr<napi_value[]> heap_argv;
    napi_value* argv = inline_argv;
    if (argc > kInlineArgs) {
      heap_argv.reset(new napi_value[argc]);
      std::size_t all = argc;
      if (napi_get_cb_info(env, info, &all, heap_argv.get(), nullptr, nullptr) != napi_ok) {
        return nullptr;
      }
      argv = heap_argv.get();
    }
    CallbackObject* object = Unwrap(env, self, nullptr);
    if (object == nullptr) return nullptr;
    if (!object->data_->IsSetUp()) {
      napi_throw_error(env, nullptr, "threadsafe-callback: load the package, not the binding");
      return nullptr;
    }
    // Copied first, whatever the state: the same rules and errors everywhere.
    std::unique_ptr<ClonedValue> copy =
        ClonedValue::FromArguments(env, *object->data_, argc, argv);
    if (!copy) return nullptr;  // the copier's exception is pending
    const tscb::Status status = object->callback_.Call(
        [copy = std::move(copy)](Napi::Env owner_env, Napi::Value receiver, Napi::Function fn) {
          copy->CallFunction(owner_env, receiver, fn);
        });
    return js::Boolean(env, status == tscb::Status::kOk);
  });
}

napi_value CallbackObject::Closed(napi_env env, napi_callback_info info) {
  CallbackObject* object = This(env, info);
  if (object == nullptr) return nullptr;
  return js::Boolean(env, object->released_ || object->callback_.IsClosed());
}

napi_value CallbackObject::Pending(napi_env env, napi_callback_info info) {
  CallbackObject* object = This(env, info);
  if (object == nullptr) return nullptr;
  napi_value result = nullptr;
  napi_create_double(env, static_cast<double>(object->callback_.Pending()), &result);
  return result;
}

napi_value CallbackObject::Share(napi_env env, napi_callback_info info) {
  return Guard(env, [&]() -> napi_value {
    CallbackObject* object = This(env, info);
    if (object == nullptr) return nullptr;
    if (object->token_.empty()) {  // the owner, shared for the first time: its JS thread
      object->token_ = TokenTable::Format(TokenTable::Register(object->callback_));
    }
    napi_value result = nullptr;
    napi_create_string_utf8(env, object->token_.data(), object->token_.size(), &result);
    return result;
  });
}

// ---- the owner ------------------------------------------------------------------

napi_value CallbackObject::Close(napi_env env, napi_callback_info info) {
  const Kind kind = Kind::kOwner;
  CallbackObject* object = This(env, info, nullptr, &kind);
  if (object != nullptr) object->callback_.Close();
  return nullptr;
}

napi_value CallbackObject::GetStats(napi_env env, napi_callback_info info) {
  const Kind kind = Kind::kOwner;
  CallbackObject* object = This(env, info, nullptr, &kind);
  if (object == nullptr) return nullptr;
  return StatsObject(env, object->callback_.Stats());
}

namespace {

// The counters of Stats() as a plain object with camelCase keys; nullptr on
// failure.
napi_value StatsObject(napi_env env, const tscb::Stats& stats) {
  napi_value result = nullptr;
  if (napi_create_object(env, &result) != napi_ok) return nullptr;
  const std::pair<const char*, uint64_t> counters[] = {
      {"accepted", stats.accepted},
      {"run", stats.run},
      {"dropped", stats.dropped},
      {"rejectedFull", stats.rejected_full},
      {"rejectedClosed", stats.rejected_closed},
      {"wakeups", stats.wakeups},
      {"maxBatch", stats.max_batch},
  };
  for (const auto& [name, count] : counters) {
    napi_value number = nullptr;
    if (napi_create_double(env, static_cast<double>(count), &number) != napi_ok ||
        napi_set_named_property(env, result, name, number) != napi_ok) {
      return nullptr;
    }
  }
  return result;
}

// onFinished({ stats, reason }) as an Options::on_finished. At teardown JS
// cannot run: the listener is not called. A throw is left pending, for the
// library to report like a closure's.
std::function<void(Napi::Env, const tscb::Stats&, tscb::FinishReason)> FinishListener(
    napi_env env, napi_value listener) {
  struct Held {
    napi_env env;
    napi_ref ref = nullptr;
    ~Held() {
      if (ref != nullptr) napi_delete_reference(env, ref);
    }
  };
  auto held = std::make_shared<Held>();
  held->env = env;
  if (napi_create_reference(env, listener, 1, &held->ref) != napi_ok) return nullptr;
  return [held](Napi::Env env, const tscb::Stats& stats, tscb::FinishReason reason) {
    if (reason == tscb::FinishReason::kTeardown) return;
    napi_value fn = nullptr;
    napi_value undefined = nullptr;
    napi_value event = nullptr;
    napi_value stats_object = StatsObject(env, stats);
    napi_value reason_name = nullptr;
    napi_value ignored = nullptr;
    const char* name = reason == tscb::FinishReason::kReleased ? "released" : "closed";
    if (stats_object == nullptr || napi_get_reference_value(env, held->ref, &fn) != napi_ok ||
        napi_get_undefined(env, &undefined) != napi_ok ||
        napi_create_object(env, &event) != napi_ok ||
        napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &reason_name) != napi_ok ||
        napi_set_named_property(env, event, "stats", stats_object) != napi_ok ||
        napi_set_named_property(env, event, "reason", reason_name) != napi_ok) {
      return;
    }
    napi_call_function(env, undefined, fn, 1, &event, &ignored);
  };
}

}  // namespace

napi_value CallbackObject::Ref(napi_env env, napi_callback_info info) {
  const Kind kind = Kind::kOwner;
  napi_value self = nullptr;
  CallbackObject* object = This(env, info, &self, &kind);
  if (object == nullptr) return nullptr;
  object->callback_.Ref();
  return self;
}

napi_value CallbackObject::Unref(napi_env env, napi_callback_info info) {
  const Kind kind = Kind::kOwner;
  napi_value self = nullptr;
  CallbackObject* object = This(env, info, &self, &kind);
  if (object == nullptr) return nullptr;
  object->callback_.Unref();
  return self;
}

// ---- handles ----------------------------------------------------------------------

napi_value CallbackObject::Release(napi_env env, napi_callback_info info) {
  const Kind kind = Kind::kHandle;
  CallbackObject* object = This(env, info, nullptr, &kind);
  if (object == nullptr) return nullptr;
  object->released_ = true;
  object->Drop();
  return nullptr;
}

}  // namespace binding
}  // namespace tscb
