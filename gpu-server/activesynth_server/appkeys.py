"""What the aiohttp application holds: app[ENGINE] (serving.Engine), app[CONFIG] (ServerConfig)."""

from aiohttp import web

ENGINE = web.AppKey("engine", object)
CONFIG = web.AppKey("config", object)
