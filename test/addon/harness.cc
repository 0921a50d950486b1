#include "harness.h"

#include <string>

void StatusCounts::Add(tscb::Status status) {
  switch (status) {
    case tscb::Status::kOk: ok.fetch_add(1); break;
    case tscb::Status::kQueueFull: full.fetch_add(1); break;
    case tscb::Status::kClosed: closed.fetch_add(1); break;
    case tscb::Status::kWouldDeadlock: would_deadlock.fetch_add(1); break;
  }
}

const char* StatusName(tscb::Status status) {
  switch (status) {
    case tscb::Status::kOk: return "ok";
    case tscb::Status::kQueueFull: return "queueFull";
    case tscb::Status::kClosed: return "closed";
    case tscb::Status::kWouldDeadlock: return "wouldDeadlock";
  }
  return "?";
}

Napi::Object CountsToObject(Napi::Env env, const StatusCounts& counts) {
  Napi::Object result = Napi::Object::New(env);
  result.Set("ok", Napi::Number::New(env, static_cast<double>(counts.ok.load())));
  result.Set("full", Napi::Number::New(env, static_cast<double>(counts.full.load())));
  result.Set("closed", Napi::Number::New(env, static_cast<double>(counts.closed.load())));
  result.Set("wouldDeadlock", Napi::Number::New(env, static_cast<double>(counts.would_deadlock.load())));
  return result;
}

void Permits::Allow(int64_t n) {
  std::lock_guard<std::mutex> lock(mutex_);
  available_ += n;
  changed_.notify_all();
}

void Permits::OpenForGood() {
  std::lock_guard<std::mutex> lock(mutex_);
  open_ = true;
  changed_.notify_all();
}

void Permits::Acquire() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return open_ || available_ > 0; });
  if (!open_) --available_;
}

namespace {

tscb::KeepAlive KeepAliveOf(const Napi::Value& value) {
  const std::string mode = value.IsString() ? value.As<Napi::String>().Utf8Value() : "always";
  if (mode == "pending") return tscb::KeepAlive::kWhilePending;
  if (mode == "never") return tscb::KeepAlive::kNever;
  return tscb::KeepAlive::kAlways;
}

std::size_t SizeOf(const Napi::Object& options, const char* name) {
  Napi::Value value = options.Get(name);
  return value.IsNumber() ? static_cast<std::size_t>(value.As<Napi::Number>().Int64Value()) : 0;
}

void Produce(tscb::ThreadSafeCallback callback, std::shared_ptr<StatusCounts> counts,
             std::shared_ptr<Permits> permits, int thread, int64_t per_thread, std::string kind) {
  if (kind == "blocking") {
    for (int64_t i = 0; i < per_thread; ++i) {
      counts->Add(callback.BlockingCall([thread, i](Napi::Env env, Napi::Value self, Napi::Function fn) {
        fn.Call(self, {Napi::Number::New(env, thread), Napi::Number::New(env, static_cast<double>(i))});
      }));
    }
  } else if (kind == "pingPong") {  // isolated calls: each when the JS thread says
    for (int64_t i = 0; i < per_thread; ++i) {
      permits->Acquire();
      counts->Add(callback.Invoke(thread, i));
    }
  } else if (kind == "ledger" || kind == "ledgerBlocking") {
    LedgerProducer(callback, kind == "ledgerBlocking");
  } else if (kind == "untilClosed") {
    for (int64_t i = 0;; ++i) {
      tscb::Status status = callback.Invoke(thread, i);
      counts->Add(status);
      if (status == tscb::Status::kClosed) break;
    }
  } else {
    if (kind == "afterRelease") {
      while (!counts->host_released.load()) std::this_thread::yield();
    }
    for (int64_t i = 0; i < per_thread; ++i) counts->Add(callback.Invoke(thread, i));
  }
}

}  // namespace

Napi::Function Harness::Define(Napi::Env env) {
  return DefineClass(env, "Harness",
                     {InstanceMethod("start", &Harness::Start),
                      InstanceMethod("join", &Harness::Join),
                      InstanceMethod("allow", &Harness::Allow),
                      InstanceMethod("fill", &Harness::Fill),
                      InstanceMethod("blockingFromJs", &Harness::BlockingFromJs),
                      InstanceMethod("close", &Harness::Close),
                      InstanceMethod("release", &Harness::Release),
                      InstanceMethod("stats", &Harness::Stats),
                      InstanceMethod("pending", &Harness::Pending),
                      InstanceMethod("isClosed", &Harness::IsClosed),
                      InstanceMethod("ref", &Harness::Ref),
                      InstanceMethod("unref", &Harness::Unref),
                      InstanceMethod("destroyed", &Harness::Destroyed)});
}

Harness* Harness::From(const Napi::Value& value) {
  return Napi::ObjectWrap<Harness>::Unwrap(value.As<Napi::Object>());
}

Harness::Harness(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Harness>(info), env_(info.Env()) {
  Napi::Object options = info[1].IsObject() ? info[1].As<Napi::Object>() : Napi::Object::New(info.Env());
  tscb::Options tscb_options;
  tscb_options.max_queue_size = SizeOf(options, "maxQueueSize");
  tscb_options.drain_limit = SizeOf(options, "drainLimit");
  tscb_options.keep_alive = KeepAliveOf(options.Get("keepAlive"));
  if (options.Get("onError").IsFunction()) tscb_options.on_error = options.Get("onError").As<Napi::Function>();
  if (options.Get("resourceName").IsString()) {
    tscb_options.resource_name = options.Get("resourceName").As<Napi::String>().Utf8Value();
  }
  tscb_options.on_finished = MakeFinishProbe(options);
  Napi::Value receiver = options.Has("receiver") ? options.Get("receiver") : Napi::Value();
  callback_ = tscb::ThreadSafeCallback::New(info[0].As<Napi::Function>(), receiver, tscb_options);
  exit_hook_ = tscb::AddEnvExitHook(info.Env(), [this](Napi::Env, tscb::EnvKind) { CloseAndJoin(); });
}

Harness::~Harness() {
  tscb::RemoveEnvExitHook(Napi::Env(env_), exit_hook_);
  CloseAndJoin();
}

void Harness::CloseAndJoin() {
  if (producers_.empty()) return;
  callback_.Close();  // releases producers blocked on a full queue
  permits_->OpenForGood();  // and those waiting for a turn
  for (auto& producer : producers_) producer.join();
  producers_.clear();
}

Napi::Value Harness::Start(const Napi::CallbackInfo& info) {
  const int threads = info[0].As<Napi::Number>().Int32Value();
  const int64_t per_thread = info[1].IsNumber() ? info[1].As<Napi::Number>().Int64Value() : 0;
  const std::string kind = info[2].IsString() ? info[2].As<Napi::String>().Utf8Value() : "invoke";
  for (int t = 0; t < threads; ++t) {
    producers_.emplace_back(Produce, callback_, counts_, permits_, t, per_thread, kind);
  }
  return info.Env().Undefined();
}

Napi::Value Harness::Join(const Napi::CallbackInfo& info) {
  for (auto& producer : producers_) producer.join();
  producers_.clear();
  return CountsToObject(info.Env(), *counts_);
}

Napi::Value Harness::Allow(const Napi::CallbackInfo& info) {
  permits_->Allow(info[0].IsNumber() ? info[0].As<Napi::Number>().Int64Value() : 1);
  return info.Env().Undefined();
}

Napi::Value Harness::Fill(const Napi::CallbackInfo& info) {
  StatusCounts counts;
  const int64_t n = info[0].As<Napi::Number>().Int64Value();
  for (int64_t i = 0; i < n; ++i) {
    counts.Add(callback_.Call([i](Napi::Env env, Napi::Value self, Napi::Function fn) {
      fn.Call(self, {Napi::Number::New(env, -1), Napi::Number::New(env, static_cast<double>(i))});
    }));
  }
  return CountsToObject(info.Env(), counts);
}

Napi::Value Harness::BlockingFromJs(const Napi::CallbackInfo& info) {
  tscb::Status status = callback_.BlockingCall([](Napi::Env, Napi::Value, Napi::Function) {});
  return Napi::String::New(info.Env(), StatusName(status));
}

Napi::Value Harness::Close(const Napi::CallbackInfo& info) {
  callback_.Close();
  return info.Env().Undefined();
}

Napi::Value Harness::Release(const Napi::CallbackInfo& info) {
  callback_ = tscb::ThreadSafeCallback();
  counts_->host_released = true;
  return info.Env().Undefined();
}

Napi::Value Harness::Stats(const Napi::CallbackInfo& info) {
  return StatsToObject(info.Env(), callback_.Stats());
}

Napi::Object StatsToObject(Napi::Env env, const tscb::Stats& stats) {
  Napi::Object result = Napi::Object::New(env);
  auto set = [&](const char* name, uint64_t value) {
    result.Set(name, Napi::Number::New(env, static_cast<double>(value)));
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

Napi::Value Harness::Pending(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(callback_.Pending()));
}

Napi::Value Harness::IsClosed(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), callback_.IsClosed());
}

Napi::Value Harness::Ref(const Napi::CallbackInfo& info) {
  callback_.Ref();
  return info.Env().Undefined();
}

Napi::Value Harness::Unref(const Napi::CallbackInfo& info) {
  callback_.Unref();
  return info.Env().Undefined();
}

// destroyed(): { all, unrun } destructions of probed closures so far.
Napi::Value Harness::Destroyed(const Napi::CallbackInfo& info) {
  Napi::Object result = Napi::Object::New(info.Env());
  result.Set("all", Napi::Number::New(info.Env(), static_cast<double>(destructions_->count.load())));
  result.Set("unrun", Napi::Number::New(info.Env(), static_cast<double>(destructions_->unrun.load())));
  return result;
}
