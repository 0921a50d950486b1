// Options::on_finished and Options::resource_name, through the Harness.
//
// new Harness(fn, { onFinished, finishTag, finishThrows, printFinish, resourceName })
//   onFinished(record): called from on_finished unless the reason is
//     kTeardown (JS cannot run then); record is { tag, reason, accepted, run,
//     dropped, onJsThread }.
//   finishTag: a string kept in the record.
//   finishThrows: 'cpp' makes on_finished throw std::runtime_error('finish
//     failed') after calling onFinished (C++ exceptions build only).
//   printFinish: true prints the record as one line on stdout, for children
//     whose teardown JS cannot see.
// Every record also goes to a process-wide list, finishRecords(), so the
// main thread can read what a terminated Worker's callback reported.
#include <cstdio>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "harness.h"

namespace {

struct FinishRecord {
  std::string tag;
  std::string reason;
  tscb::Stats stats;
  bool on_js_thread;
};

std::mutex& RecordsMutex() {
  static std::mutex* mutex = new std::mutex;  // never destroyed: Workers may outlive exit()
  return *mutex;
}

std::vector<FinishRecord>& Records() {
  static auto* records = new std::vector<FinishRecord>;
  return *records;
}

const char* ReasonName(tscb::FinishReason reason) {
  switch (reason) {
    case tscb::FinishReason::kReleased: return "released";
    case tscb::FinishReason::kClosed: return "closed";
    case tscb::FinishReason::kTeardown: return "teardown";
  }
  return "?";
}

Napi::Object RecordToObject(Napi::Env env, const FinishRecord& record) {
  Napi::Object result = StatsToObject(env, record.stats);
  result.Set("tag", record.tag);
  result.Set("reason", record.reason);
  result.Set("onJsThread", Napi::Boolean::New(env, record.on_js_thread));
  return result;
}

// finishRecords(): every record so far, oldest first.
Napi::Value FinishRecords(const Napi::CallbackInfo& info) {
  std::lock_guard<std::mutex> lock(RecordsMutex());
  Napi::Array result = Napi::Array::New(info.Env(), Records().size());
  for (std::size_t i = 0; i < Records().size(); ++i) {
    result.Set(static_cast<uint32_t>(i), RecordToObject(info.Env(), Records()[i]));
  }
  return result;
}

// closeOffThread(harness): Close() on another thread, joined before returning.
Napi::Value CloseOffThread(const Napi::CallbackInfo& info) {
  const tscb::ThreadSafeCallback& callback = Harness::From(info[0])->callback();
  std::thread([&callback] { callback.Close(); }).join();
  return info.Env().Undefined();
}

}  // namespace

FinishHook MakeFinishProbe(const Napi::Object& options) {
  Napi::Value listener = options.Get("onFinished");
  Napi::Value tag = options.Get("finishTag");
  Napi::Value throws = options.Get("finishThrows");
  const bool print = options.Get("printFinish").ToBoolean().Value();
  if (!listener.IsFunction() && !tag.IsString() && !print) return FinishHook();
  auto reference = std::make_shared<Napi::FunctionReference>();
  if (listener.IsFunction()) *reference = Napi::Persistent(listener.As<Napi::Function>());
  const bool throw_cpp = throws.IsString() && throws.As<Napi::String>().Utf8Value() == "cpp";
  return [reference, print, throw_cpp, js_thread = std::this_thread::get_id(),
          tag = tag.IsString() ? tag.As<Napi::String>().Utf8Value() : std::string()](
             Napi::Env env, const tscb::Stats& stats, tscb::FinishReason reason) {
    FinishRecord record{tag, ReasonName(reason), stats, std::this_thread::get_id() == js_thread};
    {
      std::lock_guard<std::mutex> lock(RecordsMutex());
      Records().push_back(record);
    }
    if (print) {
      std::printf("finished %s accepted=%llu run=%llu dropped=%llu onJsThread=%d\n",
                  record.reason.c_str(), static_cast<unsigned long long>(stats.accepted),
                  static_cast<unsigned long long>(stats.run),
                  static_cast<unsigned long long>(stats.dropped), record.on_js_thread ? 1 : 0);
      std::fflush(stdout);
    }
    if (reason == tscb::FinishReason::kTeardown) return;  // JS cannot run
    if (!reference->IsEmpty()) reference->Call({RecordToObject(env, record)});
#if defined(NAPI_CPP_EXCEPTIONS)
    if (throw_cpp) throw std::runtime_error("finish failed");
#else
    (void)throw_cpp;
#endif
  };
}

void InitFinish(Napi::Env env, Napi::Object exports) {
  exports.Set("finishRecords", Napi::Function::New(env, FinishRecords));
  exports.Set("closeOffThread", Napi::Function::New(env, CloseOffThread));
}
