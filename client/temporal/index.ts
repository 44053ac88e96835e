export * from './devServer';
