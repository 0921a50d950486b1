#include "callback_object.h"

#include <cmath>
#include <memory>
#include <utility>

#include "addon_data.h"
#include "cloned_value.h"
#include "token_table.h"

namespace tscb {
namespace binding {

namespace {

// Which JS class a constructor call is for: the define-class data pointer.
const int kOwnerClassTag = 1;
const int kHandleClassTag = 2;

void* ClassTag(const int& tag) { return const_cast<int*>(&tag); }

// An optional count: undefined (0, the default) or an integer >= min.
std::size_t CountArgument(const Napi::CallbackInfo& info, std::size_t index, double min,
                          const char* name) {
  Napi::Value value = info[index];
  if (value.IsUndefined()) return 0;
  if (!value.IsNumber()) {
    throw Napi::TypeError::New(info.Env(), std::string("ThreadSafeCallback: ") + name +
                                               " must be a number");
  }
  const double number = value.As<Napi::Number>().DoubleValue();
  if (!(number >= min) || std::floor(number) != number || number > 9007199254740991.0) {
    throw Napi::RangeError::New(info.Env(), std::string("ThreadSafeCallback: ") + name +
                                                " is out of range");
  }
  return static_cast<std::size_t>(number);
}

}  // namespace

void CallbackObject::Define(Napi::Env env, AddonData& data, Napi::Object exports) {
  Napi::Function owner = DefineClass(
      env, "ThreadSafeCallback",
      {
          InstanceMethod<&CallbackObject::Call>("call"),
          InstanceMethod<&CallbackObject::Close>("close"),
          InstanceAccessor<&CallbackObject::Closed>("closed"),
          InstanceAccessor<&CallbackObject::Pending>("pending"),
          InstanceMethod<&CallbackObject::GetStats>("stats"),
          InstanceMethod<&CallbackObject::Ref>("ref"),
          InstanceMethod<&CallbackObject::Unref>("unref"),
          InstanceMethod<&CallbackObject::Share>("share"),
      },
      ClassTag(kOwnerClassTag));
  Napi::Function handle = DefineClass(
      env, "ThreadSafeCallbackHandle",
      {
          InstanceMethod<&CallbackObject::Call>("call"),
          InstanceMethod<&CallbackObject::Release>("release"),
          InstanceAccessor<&CallbackObject::Closed>("closed"),
          InstanceAccessor<&CallbackObject::Pending>("pending"),
          InstanceMethod<&CallbackObject::Share>("share"),
      },
      ClassTag(kHandleClassTag));
  data.owner_class = Napi::Persistent(owner);
  data.handle_class = Napi::Persistent(handle);
  exports.Set("ThreadSafeCallback", owner);
}

CallbackObject::CallbackObject(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<CallbackObject>(info),
      env_(info.Env()),
      data_(AddonData::Of(info.Env())),
      kind_(info.Data() == ClassTag(kHandleClassTag) ? Kind::kHandle : Kind::kOwner) {
  if (kind_ == Kind::kHandle) {
    if (info.Length() != 1 || !data_->IsHandleSentinel(info[0])) {
      throw Napi::TypeError::New(env_, "Illegal constructor: use ThreadSafeCallback.fromShared()");
    }
    return;  // Redeem() fills it in
  }
  ConstructOwner(info);
}

void CallbackObject::ConstructOwner(const Napi::CallbackInfo& info) {
  if (!info[0].IsFunction()) {
    throw Napi::TypeError::New(env_, "ThreadSafeCallback: fn must be a function");
  }
  tscb::Options options;
  options.max_queue_size = CountArgument(info, 2, 0, "maxQueueSize");
  options.drain_limit = CountArgument(info, 4, 1, "drainLimit");
  Napi::Value keep_alive = info[3];
  if (!keep_alive.IsUndefined()) {
    switch (keep_alive.IsNumber() ? keep_alive.As<Napi::Number>().Int32Value() : -1) {
      case 0: options.keep_alive = tscb::KeepAlive::kAlways; break;
      case 1: options.keep_alive = tscb::KeepAlive::kWhilePending; break;
      case 2: options.keep_alive = tscb::KeepAlive::kNever; break;
      default: throw Napi::TypeError::New(env_, "ThreadSafeCallback: invalid keepAlive");
    }
  }
  Napi::Value on_error = info[5];
  if (!on_error.IsUndefined()) {
    if (!on_error.IsFunction()) {
      throw Napi::TypeError::New(env_, "ThreadSafeCallback: onError must be a function");
    }
    options.on_error = on_error.As<Napi::Function>();
  }
  Hold(tscb::ThreadSafeCallback::New(info[0].As<Napi::Function>(), info[1], options));
}

CallbackObject::~CallbackObject() {
  if (hooked_) napi_remove_env_cleanup_hook(env_, &CallbackObject::OnTeardown, this);
  // callback_'s destructor drops the reference (a graceful release when it
  // was the last one).
}

Napi::Value CallbackObject::Redeem(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  AddonData* data = AddonData::Of(env);
  uint64_t id = 0;
  if (!info[0].IsString() || !TokenTable::Parse(info[0].As<Napi::String>().Utf8Value(), &id)) {
    Napi::TypeError error = Napi::TypeError::New(env, "The \"token\" argument must be a token "
                                                      "returned by share()");
    error.Set("code", Napi::String::New(env, "ERR_INVALID_ARG_TYPE"));
    throw error;
  }
  Napi::Object object = data->handle_class.New({Napi::Value(env, data->HandleSentinel())});
  CallbackObject* handle = Unwrap(object);
  handle->token_ = info[0].As<Napi::String>().Utf8Value();
  handle->Hold(TokenTable::Redeem(id));
  return object;
}

// ---- both classes ------------------------------------------------------------

Napi::Value CallbackObject::Call(const Napi::CallbackInfo& info) {
  if (!data_->IsSetUp()) {
    throw Napi::Error::New(env_, "threadsafe-callback: load the package, not the binding");
  }
  constexpr std::size_t kInlineArgs = 8;
  const std::size_t argc = info.Length();
  napi_value inline_argv[kInlineArgs];
  std::unique_ptr<napi_value[]> heap_argv;
  napi_value* argv = inline_argv;
  if (argc > kInlineArgs) {
    heap_argv.reset(new napi_value[argc]);
    argv = heap_argv.get();
  }
  for (std::size_t i = 0; i < argc; ++i) argv[i] = info[i];
  // Copied first, whatever the state: the same rules and errors everywhere.
  std::unique_ptr<ClonedValue> copy = ClonedValue::FromArguments(env_, *data_, argc, argv);
  if (!copy) return Napi::Value();  // the copier's exception is pending
  const tscb::Status status = callback_.Call(
      [copy = std::move(copy)](Napi::Env env, Napi::Value receiver, Napi::Function fn) {
        copy->CallFunction(env, receiver, fn);
      });
  return Napi::Boolean::New(env_, status == tscb::Status::kOk);
}

Napi::Value CallbackObject::Closed(const Napi::CallbackInfo&) {
  return Napi::Boolean::New(env_, released_ || callback_.IsClosed());
}

Napi::Value CallbackObject::Pending(const Napi::CallbackInfo&) {
  return Napi::Number::New(env_, static_cast<double>(callback_.Pending()));
}

Napi::Value CallbackObject::Share(const Napi::CallbackInfo&) {
  if (token_.empty()) {  // the owner, shared for the first time: its JS thread
    const uint64_t id = TokenTable::Register(callback_);
    if (id == 0) throw Napi::Error::New(env_, "ThreadSafeCallback: this callback is gone");
    token_ = TokenTable::Format(id);
  }
  return Napi::String::New(env_, token_);
}

// ---- the owner ----------------------------------------------------------------

void CallbackObject::Close(const Napi::CallbackInfo&) {
  if (RequireKind(Kind::kOwner, "close")) callback_.Close();
}

Napi::Value CallbackObject::GetStats(const Napi::CallbackInfo&) {
  RequireKind(Kind::kOwner, "stats");
  const tscb::Stats stats = callback_.Stats();
  Napi::Object result = Napi::Object::New(env_);
  const auto set = [&](const char* name, uint64_t value) {
    result.Set(name, Napi::Number::New(env_, static_cast<double>(value)));
  };
  set("accepted", stats.accepted);
  set("run", stats.run);
  set("dropped", stats.dropped);
  set("rejectedFull", stats.rejected_full);
  set("rejectedClosed", stats.rejected_closed);
  set("wakeups", stats.wakeups);
  set("maxBatch", stats.max_batch);
  return result;
}

Napi::Value CallbackObject::Ref(const Napi::CallbackInfo& info) {
  RequireKind(Kind::kOwner, "ref");
  callback_.Ref();
  return info.This();
}

Napi::Value CallbackObject::Unref(const Napi::CallbackInfo& info) {
  RequireKind(Kind::kOwner, "unref");
  callback_.Unref();
  return info.This();
}

// ---- handles --------------------------------------------------------------------

void CallbackObject::Release(const Napi::CallbackInfo&) {
  RequireKind(Kind::kHandle, "release");
  released_ = true;
  Drop();
}

// ---- lifetime -------------------------------------------------------------------

bool CallbackObject::RequireKind(Kind kind, const char* method) {
  if (kind_ == kind) return true;
  throw Napi::TypeError::New(env_, std::string("Illegal invocation: ") + method + "() belongs to " +
                                       (kind == Kind::kOwner ? "ThreadSafeCallback"
                                                             : "ThreadSafeCallbackHandle"));
}

void CallbackObject::Hold(tscb::ThreadSafeCallback callback) {
  callback_ = std::move(callback);
  if (!hooked_ && napi_add_env_cleanup_hook(env_, &CallbackObject::OnTeardown, this) == napi_ok) {
    hooked_ = true;
  }
}

void CallbackObject::Drop() {
  if (hooked_) napi_remove_env_cleanup_hook(env_, &CallbackObject::OnTeardown, this);
  hooked_ = false;
  callback_ = tscb::ThreadSafeCallback();
}

void CallbackObject::OnTeardown(void* self) {
  auto* object = static_cast<CallbackObject*>(self);
  object->hooked_ = false;  // it ran: nothing to remove later
  object->callback_ = tscb::ThreadSafeCallback();
}

}  // namespace binding
}  // namespace tscb
