// samples/embed/game_loop.cpp - a "game" host: binds a C++ Entity class, lets the
// script define per-frame event handlers and async behaviours, and drives the
// script's event loop from its own frame loop with run_for().
#include <aio/aio.hpp>

#include <chrono>
#include <cstdio>
#include <string>

namespace {

struct Entity {
    std::string name;
    double x = 0, y = 0;
    int hp = 100;
    Entity(std::string n, double x_, double y_) : name(std::move(n)), x(x_), y(y_) {}
    void move(double dx, double dy) { x += dx; y += dy; }
};

const char* kScript = R"(
import asyncio

hero = Entity('hero', 0, 0)
events = []

def on_frame(frame, dt):
    hero.move(1.0 * dt * 60, 0)
    if frame % 30 == 0:
        events.append(f'frame {frame}: {hero!r}')

async def regenerate():
    while hero.hp < 100:
        await asyncio.sleep(0.01)
        hero.hp += 10
    events.append('fully healed')
)";

}  // namespace

int main() {
    try {
        aio::Options options;
        options.allowed_modules = std::vector<std::string>{"asyncio"};  // scripts get no files, no sys
        options.instruction_budget = 10'000'000;                          // a runaway handler cannot hang a frame
        aio::Interpreter script(options);
        script.bind_class<Entity>("Entity")
            .init<std::string, double, double>()
            .def("move", &Entity::move)
            .property("x", &Entity::x)
            .property("y", &Entity::y)
            .property("hp", &Entity::hp)
            .repr([](const Entity& e) { return "<" + e.name + " at " + std::to_string(int(e.x)) + ">"; });
        script.exec(kScript, "game.aio");

        script.exec("hero.hp = 50");
        script.spawn(script.call("regenerate"));
        aio::Value on_frame = script.global("on_frame");

        using clock = std::chrono::steady_clock;
        const auto frame_time = std::chrono::milliseconds(2);
        for (int frame = 1; frame <= 90; frame++) {
            auto start = clock::now();
            on_frame(frame, 1.0 / 60);  // an event handler per frame
            auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - start);
            script.run_for(frame_time > spent ? frame_time - spent : std::chrono::milliseconds(0));
        }
        for (auto& line : script.global("events").get<std::vector<std::string>>()) std::printf("%s\n", line.c_str());
        std::printf("hero hp: %d\n", script.eval("hero.hp").get<int>());
        return 0;
    } catch (const aio::Error& e) {
        std::fprintf(stderr, "%s%s\n", e.traceback().c_str(), e.what());
        return 1;
    }
}
