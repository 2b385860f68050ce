//! Bad lesson files, shared by the CLI and app tests: each file, and what its one error
//! must say (the line, the scene where there is one, and what is allowed).

/// Bad lessons: the file, and what its one error must say (the line, the scene where
/// there is one, and what is allowed).
#[allow(dead_code)] // used by the lesson tests, not by every file that shares `common`
pub const BAD_LESSONS: &[(&str, &str, &[&str])] = &[
    ("not TOML", "title = \"unfinished\n", &["line 1"]),
    (
        "no title",
        "[[scene]]\ntitle = \"a\"\n",
        &["missing field `title`"],
    ),
    ("no scene", "title = \"empty\"\n", &["no scene", "[[scene]]"]),
    (
        "empty title",
        "title = \" \"\n[[scene]]\ntitle = \"a\"\n",
        &["line 1", "title is empty"],
    ),
    (
        "unknown lesson field",
        "title = \"t\"\nauthor = \"me\"\n[[scene]]\ntitle = \"a\"\n",
        &["line 2", "unknown field `author`", "scene"],
    ),
    (
        "unknown scene field",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\ncolour = \"red\"\n",
        &["line 4", "unknown field `colour`", "view"],
    ),
    (
        "unknown view",
        "title = \"t\"\n[[scene]]\ntitle = \"Intro\"\nview = \"slides\"\n",
        &[
            "line 4",
            "scene 1, \"Intro\"",
            "unknown view 'slides'",
            "live, figure1, phase, compare, map",
        ],
    ),
    (
        "unknown preset",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\npreset = \"figure2\"\n",
        &["line 4", "unknown preset 'figure2'", "figure1, oscillation"],
    ),
    (
        "unknown key",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\nset = { speed = 3 }\n",
        &["line 4", "unknown key", "allowed keys"],
    ),
    (
        "value out of range",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\nset = { k = 0 }\n",
        &["line 4", "invalid k = '0'"],
    ),
    (
        "value of the wrong type",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\nset = { loss = 3 }\n",
        &["line 4", "expected a quoted string", "minimax"],
    ),
    (
        "pace not a number",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\npace = \"fast\"\n",
        &["line 4", "not a pace", "\"max\""],
    ),
    (
        "pace too fast",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\npace = 5000\n",
        &["line 4", "from 1 to below 1000"],
    ),
    (
        "cure of a preset without one",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\npreset = \"figure1\"\nfix = true\n",
        &["line 4", "no cure", "presets with a cure"],
    ),
    (
        "unknown overlay",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\nhide = [\"legend\"]\n",
        &["line 4", "unknown overlay or panel 'legend'", "dstar", "metrics"],
    ),
    (
        "action past the scene's end",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\nsteps = 100\n[[scene.at]]\niteration = 500\n",
        &[
            "line 6",
            "iteration = 500 is outside the scene",
            "0 to its steps (100)",
        ],
    ),
    (
        "action in a view that does not train",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\nview = \"figure1\"\n[[scene.at]]\niteration = 5\n",
        &["line 5", "no [[scene.at]] actions", "live, compare"],
    ),
    (
        "unknown action field",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\n[[scene.at]]\niteration = 5\nsound = \"beep\"\n",
        &["line 6", "unknown field `sound`", "caption"],
    ),
    (
        "question without its answer",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\n[[scene.at]]\niteration = 5\nquestion = \"Why?\"\n",
        &["line 6", "needs the caption"],
    ),
    (
        "bad value in an action",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\n[[scene.at]]\niteration = 5\nset = { lr_d = -1.0 }\n",
        &["line 6", "invalid lr_d"],
    ),
    (
        "an action that would rebuild the networks",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\n[[scene.at]]\niteration = 5\nset = { hidden = 64 }\n",
        &["line 6", "hidden rebuilds the networks", "the scene's own `set`"],
    ),
    (
        "turning on a cure twice",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\npreset = \"oscillation\"\nfix = true\n[[scene.at]]\niteration = 5\nfix = true\n",
        &["line 8", "already on"],
    ),
    (
        "unknown metric",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\n[[scene.expect]]\nmetric = \"accuracy\"\nbelow = 1.0\n",
        &["line 5", "unknown metric 'accuracy'", "w1, js"],
    ),
    (
        "claim without a bound",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\n[[scene.expect]]\nmetric = \"w1\"\n",
        &["line 5", "needs `below`, `above`"],
    ),
    (
        "compare without a pair",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\nview = \"compare\"\n",
        &["line 2", "needs `pair`", "oscillation: failure vs cure"],
    ),
    (
        "unknown pair",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\nview = \"compare\"\npair = \"gan vs vae\"\n",
        &["line 5", "unknown pair 'gan vs vae'", "k = 1 vs k = 5"],
    ),
    (
        "a field of another view",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\npair = \"oscillation\"\n",
        &["`pair` has no meaning in a live scene", "compare"],
    ),
    (
        "phase step out of range",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\nview = \"phase\"\nphase = { step = 3.0 }\n",
        &["line 5", "phase.step = 3 is out of range", "<= 2"],
    ),
    (
        "unknown phase setting",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\nview = \"phase\"\nphase = { speed = 1 }\n",
        &["line 5", "unknown phase setting 'speed'", "gamma"],
    ),
    (
        "a map scene without its map",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\nview = \"map\"\n",
        &["line 2", "a map scene needs `map = {", "x = "],
    ),
    (
        "an unknown map setting",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\nview = \"map\"\nmap = { x = \"k=1,2\", y = \"lr_d=0.1,0.2\", colour = 1 }\n",
        &["line 5", "map.colour is not a map setting", "game, preset"],
    ),
    (
        "a map axis the key refuses",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\nview = \"map\"\nmap = { x = \"k=0,2\", y = \"lr_d=0.1,0.2\" }\n",
        &["line 5", "map: ", "k = 0"],
    ),
    (
        "a Dirac map over a GAN key",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\nview = \"map\"\nmap = { game = \"dirac\", x = \"lr_d=0.1,0.2\", y = \"gamma=0,0.1\" }\n",
        &["line 5", "no key 'lr_d' to sweep", "Dirac-GAN keys: step, gamma"],
    ),
    (
        "a map of too many seeds",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\nview = \"map\"\nmap = { x = \"k=1,2\", y = \"lr_d=0.1,0.2\", seeds = 4611686018427387904 }\n",
        &["line 5", "seeds 4611686018427387904: allowed 1 to 16"],
    ),
    (
        "a map in a live scene",
        "title = \"t\"\n[[scene]]\ntitle = \"a\"\nmap = { x = \"k=1,2\", y = \"lr_d=0.1,0.2\" }\n",
        &["`map` has no meaning in a live scene", "it is for: map"],
    ),
];
