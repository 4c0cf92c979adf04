export { defineRoute, type HttpMethod, type Route, type RouteAnswer, type RouteInput } from './Route.ts';
